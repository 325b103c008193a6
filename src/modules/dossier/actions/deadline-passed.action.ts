import { validationFailed } from '../../../common/app-error.js';
import type { ActionSpec } from './action.js';

/** The sweep's mark: the dossier is overdue (the machine records it; nothing else changes). No one takes it by hand. */
export const deadlinePassed: ActionSpec<'deadline_passed'> = {
  policy: null,
  command: () => {
    throw validationFailed([{ field: 'action', message: 'thao tác không hợp lệ' }]);
  },
  apply: () => undefined,
  tell(row, to) {
    const s = row.state;
    const step = s.steps[s.machine.context.stepIndex];
    const unit = step?.ownerCode ?? row.agencyCode;
    return [
      to.staff(
        unit,
        'Hồ sơ đã quá hạn',
        `Hồ sơ quá hạn từ ${to.when(s.originalDueAt)}; đơn vị đang giữ: ${to.agencies.get(step?.ownerCode ?? '')?.name ?? row.agencyCode}.`,
      ),
    ];
  },
};
