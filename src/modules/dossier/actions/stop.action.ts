import { type ActionSpec, reasonOf } from './action.js';
import { endUndecided } from './end.js';

/** Form 05: processing stops (the competent leader's decision, whichever unit holds the file). */
export const stop: ActionSpec<'stop'> = {
  policy: { roles: ['leader'], stepOwner: false },
  command: (dto) => ({ action: 'stop', reason: reasonOf(dto, 'phải ghi lý do dừng giải quyết') }),
  apply: (x, cmd) => endUndecided(x, cmd.reason),
  tell: (row, to) => [to.applicant('Thông báo dừng giải quyết hồ sơ', `Lý do: ${row.state.reason ?? ''}.`)],
};
