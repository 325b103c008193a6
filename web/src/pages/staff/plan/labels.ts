import type { PlanTaskReport, PlanTaskRow } from '../../../api/types';

export type TaskStatus = PlanTaskRow['current']['status'];
export type Outcome = PlanTaskReport['tasks'][number]['outcome'];

/** A task's status as the plan page shows it, with the colour of its tag. */
export const STATUS: Record<TaskStatus, { text: string; color: string }> = {
  not_started: { text: 'Chưa bắt đầu', color: 'default' },
  in_progress: { text: 'Đang thực hiện', color: 'blue' },
  done: { text: 'Hoàn thành', color: 'green' },
  overdue: { text: 'Quá hạn', color: 'red' },
};

export const OUTCOME: Record<Outcome, string> = {
  done_on_time: 'Hoàn thành đúng hạn',
  done_late: 'Hoàn thành quá hạn',
  not_done: 'Chưa hoàn thành (quá hạn)',
  not_due: 'Đang thực hiện (chưa đến hạn)',
  no_deadline: 'Chưa xác định thời hạn',
};

export const ENTRY_KIND: Record<string, string> = { progress: 'Tiến độ', done: 'Hoàn thành', reopen: 'Mở lại' };

/** "2026-Q2" → "Quý II/2026"; "2026" → "Năm 2026". */
export function periodText(p: string | null | undefined): string {
  if (!p) return '';
  if (p.length === 4) return `Năm ${p}`;
  return `Quý ${['', 'I', 'II', 'III', 'IV'][Number(p.slice(6))]}/${p.slice(0, 4)}`;
}
