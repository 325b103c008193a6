import { type ActionSpec, reasonOf } from './action.js';
import { endUndecided } from './end.js';

/** The citizen withdraws the request (at the counter, in writing). */
export const withdraw: ActionSpec<'withdraw'> = {
  policy: { roles: ['reception'], stepOwner: false },
  command: (dto) => ({ action: 'withdraw', reason: reasonOf(dto, 'phải ghi lý do rút hồ sơ') }),
  apply: (x, cmd) => endUndecided(x, cmd.reason),
  tell: (_row, to) => [to.applicant('Đã rút hồ sơ', 'Hồ sơ đã được rút theo đề nghị của ông/bà.')],
};
