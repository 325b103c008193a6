import { useLiveState } from '../api/live';
import { StatusTag } from './status-tag';

const TEXT = { live: 'Cập nhật trực tiếp', connecting: 'Đang kết nối…', offline: 'Mất kết nối, đang thử lại' } as const;
const TONE = { live: 'green', connecting: 'default', offline: 'orange' } as const;

/** Whether the page is hearing of changes as they happen (role="status", so screen readers hear it change). */
export function LiveTag() {
  const s = useLiveState();
  return (
    <span role="status" className="no-print">
      <StatusTag tone={TONE[s]}>{TEXT[s]}</StatusTag>
    </span>
  );
}
