import type { ActionSpec } from './action.js';
import { closeWait } from './wait.js';

/** The papers arrived: the dossier goes back to its step, its time restarted or extended by the procedure's policy. */
export const receiveSupplement: ActionSpec<'receive_supplement'> = {
  policy: { roles: ['reception'], stepOwner: false },
  command: () => ({ action: 'receive_supplement' }),
  apply: (x) => closeWait(x, x.env.def.supplementClock === 'RESTART'),
  tell: () => [],
};
