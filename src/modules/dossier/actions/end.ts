import type { ActionStep } from './action.js';

/** The dossier ends before a decision (withdrawn by the citizen, or stopped; the machine stops the clock): the reason is kept. */
export function endUndecided({ s, at }: ActionStep, reason: string): void {
  s.pausedAt = null;
  s.finishedAt = at;
  s.reason = reason;
}
