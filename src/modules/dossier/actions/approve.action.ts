import { validationFailed } from '../../../common/app-error.js';
import { classifyFinish } from '../../calendar/working-calendar.js';
import { type ActionSpec, need } from './action.js';

/**
 * The competent leader's decision at the deciding step: a result is issued, or the request is denied with a written
 * reason. The dossier is judged early, on time or late here, against the original due instant unless the rule set
 * says the apology's new date counts.
 */
export const approve: ActionSpec<'approve'> = {
  policy: { roles: ['leader'], stepOwner: true },
  command(dto) {
    need('outcome', dto.outcome === 'issued' || dto.outcome === 'denied', 'kết quả là issued hoặc denied');
    return { action: 'approve', outcome: dto.outcome!, electronic: dto.electronic, digitisedResult: dto.digitisedResult, reason: dto.reason };
  },
  apply(x, cmd) {
    if (cmd.outcome === 'denied' && !cmd.reason?.trim()) {
      throw validationFailed([{ field: 'reason', message: 'từ chối giải quyết phải nêu rõ lý do bằng văn bản' }]);
    }
    const { s, env, at } = x;
    x.finishStep();
    s.outcome = cmd.outcome;
    s.reason = cmd.outcome === 'denied' ? cmd.reason!.trim() : null;
    s.electronicResult = cmd.electronic ?? false;
    // An electronic result is digital by birth; a paper one is digitised when the officer says so.
    if (s.digitisation) s.digitisation = { ...s.digitisation, result: cmd.digitisedResult ?? cmd.electronic === true };
    s.resolvedAt = at;
    const against = env.ruleSet.apology.lateAgainstOriginalDue.value ? s.originalDueAt : s.dueAt;
    s.resultClass = classifyFinish(at, against, env.ruleSet.classifyBy.value);
    if (cmd.outcome === 'denied') s.finishedAt = at;
  },
  tell: (row, to) =>
    row.state.outcome === 'denied'
      ? [to.applicant('Từ chối giải quyết hồ sơ', `Hồ sơ không được giải quyết. Lý do: ${row.state.reason ?? ''}.`)]
      : [to.applicant('Hồ sơ đã có kết quả', 'Hồ sơ đã được phê duyệt; Trung tâm sẽ trả kết quả theo lịch hẹn.')],
};
