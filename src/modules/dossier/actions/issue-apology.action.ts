import { validationFailed } from '../../../common/app-error.js';
import { parseVnInstant } from '../../../common/vn-time.js';
import { type ActionSpec, need, reasonOf } from './action.js';

/**
 * Form 04: the unit that will be late apologises and sets a new appointment. On time when issued by the rule set's
 * lead time before the due date; the number of apologies is limited by the machine (APOLOGY_LIMIT_REACHED).
 */
export const issueApology: ActionSpec<'issue_apology'> = {
  policy: { roles: ['leader', 'specialist', 'manager'], stepOwner: true },
  command(dto) {
    const reason = reasonOf(dto, 'phải nêu lý do chậm giải quyết');
    const at = dto.newDueAt ? parseVnInstant(dto.newDueAt) : null;
    need('newDueAt', at !== null, 'ngày giờ hẹn mới phải có dạng ISO 8601, ví dụ 2026-03-02T16:00:00+07:00');
    return { action: 'issue_apology', reason, newDueAt: at! };
  },
  apply({ s, prev, i, at, actor }, cmd) {
    if (!(cmd.newDueAt > prev.dueAt)) throw validationFailed([{ field: 'newDueAt', message: 'ngày hẹn mới phải sau ngày hẹn hiện tại' }]);
    if (!(cmd.newDueAt > at)) throw validationFailed([{ field: 'newDueAt', message: 'ngày hẹn mới phải ở tương lai' }]);
    const dueBy = prev.apologyDueBy ?? prev.originalDueAt;
    s.apologies.push({
      at,
      reason: cmd.reason,
      previousDueAt: prev.dueAt,
      newDueAt: cmd.newDueAt,
      dueBy,
      onTime: at <= dueBy,
      stepId: s.steps[i].id,
      unitCode: s.steps[i].ownerCode,
      by: actor,
    });
    s.dueAt = cmd.newDueAt;
  },
  tell(row, to) {
    const a = row.state.apologies[row.state.apologies.length - 1];
    return [to.applicant('Thư xin lỗi và hẹn lại ngày trả kết quả', `Do ${a.reason}, hồ sơ chưa giải quyết đúng hẹn. Ngày hẹn mới: ${to.when(a.newDueAt)}.`)];
  },
};
