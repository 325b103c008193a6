import { statutoryDue, stepDue } from '../dossier-deadlines.js';
import type { ActionStep } from './action.js';

/** The clock waits for the citizen (papers or a fee): a wait is opened; the machine has paused a running clock. */
export function openWait(x: ActionStep, wait: { kind: 'supplement' | 'payment'; items?: string[]; amount?: number }): void {
  const { s, prev, at } = x;
  s.waits.push({ ...wait, requestedAt: at, resumedAt: null, pausedMs: 0 });
  if (prev.clock === 'running') s.pausedAt = at;
}

/**
 * The citizen has answered: the wait closes, and the machine has set a paused clock running again. RESTART (a supplement under that policy):
 * full statutory time again from the answer (domain.md §5); otherwise the waiting working time is added to every
 * running due instant.
 */
export function closeWait(x: ActionStep, restart: boolean, online?: boolean): void {
  const { s, prev, env, at, i } = x;
  const wait = s.waits[s.waits.length - 1];
  wait.resumedAt = at;
  if (online !== undefined) wait.online = online;
  if (prev.clock !== 'paused') return;
  const st = s.steps[i];
  if (restart) {
    const due = statutoryDue(env, at);
    s.startAt = due.startAt;
    s.dueAt = due.dueAt;
    s.originalDueAt = due.dueAt;
    st.dueAt = stepDue(env, due.startAt, st.budget);
  } else {
    const paused = env.cal.elapsed(s.pausedAt!, at);
    wait.pausedMs = paused;
    s.dueAt = env.cal.shift(s.dueAt, paused);
    s.originalDueAt = env.cal.shift(s.originalDueAt, paused);
    if (st.dueAt !== null) st.dueAt = env.cal.shift(st.dueAt, paused);
  }
  s.pausedAt = null;
}
