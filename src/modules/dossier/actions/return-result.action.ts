import type { ActionSpec } from './action.js';

/** The result handed to the citizen at the counter (or sent): the dossier ends. */
export const returnResult: ActionSpec<'return_result'> = {
  policy: { roles: ['reception'], stepOwner: false },
  command: () => ({ action: 'return_result' }),
  apply({ s, at }) {
    s.returnedAt = at;
    if (s.finishedAt === null) s.finishedAt = at;
  },
  tell: () => [],
};
