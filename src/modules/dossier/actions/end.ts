import type { ActionStep } from './action.js';

/** The dossier ends before a decision (withdrawn by the citizen, or stopped): the clock stops, the reason is kept. */
export function endUndecided({ s, at }: ActionStep, reason: string): void {
  s.clock = 'stopped';
  s.pausedAt = null;
  s.finishedAt = at;
  s.reason = reason;
}
