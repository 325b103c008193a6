import type { DossierState, StepRecord } from './dossier-rules.js';

/**
 * The step a dossier's delay is attributed to (domain.md §6: a late step belongs to the unit that owned it): the
 * first late step after the last step that finished in time, so a unit that caught up is not blamed for a later
 * one's delay. A step is late when it finished late, or is still open past its due instant at `at`.
 */
export function lateStepOf(s: DossierState, at: number): StepRecord | null {
  let found: StepRecord | null = null;
  for (const st of s.steps) {
    if (st.startedAt === null) break;
    const late = st.result === 'late' || (st.finishedAt === null && st.dueAt !== null && at > st.dueAt);
    if (late) found ??= st;
    else if (st.finishedAt !== null) found = null;
  }
  return found;
}

/**
 * The department a dossier counts for in reports by department: for a late dossier (decided late, or overdue now)
 * the one its delay is attributed to; otherwise the one handling it (the first step's owner that is not the centre,
 * which only receives and hands back).
 */
export function departmentOf(s: DossierState, at: number): string | null {
  const late = s.resultClass === 'late' || (s.resultClass === null && s.machine.context.overdue);
  const step = late ? lateStepOf(s, at) : null;
  if (step) return step.ownerCode;
  return (s.steps.find((st) => st.ownerKind !== 'centre') ?? s.steps[0])?.ownerCode ?? null;
}
