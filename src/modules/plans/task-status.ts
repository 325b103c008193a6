import type { LoadedPlan } from '../reports/plan.schema.js';
import { planYears } from '../reports/plan.schema.js';
import type { PlanTask } from './plan-tasks.schema.js';
import { periodDue, periodsIn, quarterOf } from './task-deadline.js';

/**
 * The rules of a task's status (issue 27). A task is counted per instance: once for work done once, once per period
 * for a task due every quarter or year and for an ongoing task, whose units record what they did each reporting
 * period (a quarter).
 */
export type TaskStatus = 'not_started' | 'in_progress' | 'done' | 'overdue';

export interface Instance {
  /** '' for work done once; '2026-Q2' or '2026' for a period's. */
  period: string;
  /** First day the work belongs to, if the plan says. */
  from: string | null;
  /** Last day, null when the plan gives none (after an outside event; N days after receiving the plan). */
  due: string | null;
}

/** What the units recorded on one instance (plan_task_state). */
export interface InstanceState {
  status: 'in_progress' | 'done';
  doneOn: string | null;
}

/** Whether a task is counted once, or per period and which (a task with periods records each one on its own). */
export function periodKind(task: PlanTask): 'once' | 'quarter' | 'year' {
  const d = task.deadline;
  if (d.kind === 'ongoing') return 'quarter';
  if (d.kind === 'recurring') return d.every;
  return 'once';
}

/** The due day of an instance: the plan's reporting due day (15th of the last month) is when a period is reported. */
function dueOf(plan: LoadedPlan, task: PlanTask, period: string): string | null {
  const d = task.deadline;
  switch (d.kind) {
    case 'by':
      return d.due;
    case 'recurring':
      return periodDue(period, d.day ?? (d.every === 'quarter' ? (plan.reporting?.due_day_of_period ?? null) : null));
    case 'ongoing':
      return periodDue(period, plan.reporting?.due_day_of_period ?? null);
    case 'event':
    case 'relative':
      return null;
  }
}

/** The task's instances that fall in [from, to] (a report's period), within the plan's years. */
export function instancesIn(plan: LoadedPlan, task: PlanTask, from: string, to: string): Instance[] {
  const [y0, y1] = planYears(plan);
  const lo = from < `${y0}-01-01` ? `${y0}-01-01` : from;
  const hi = to > `${y1}-12-31` ? `${y1}-12-31` : to;
  if (lo > hi) return [];
  const kind = periodKind(task);
  if (kind === 'once') {
    const d = task.deadline;
    return [{ period: '', from: d.kind === 'by' ? d.from : null, due: dueOf(plan, task, '') }];
  }
  return periodsIn(kind, lo, hi).map((p) => ({ period: p, from: kind === 'year' ? `${p}-01-01` : null, due: dueOf(plan, task, p) }));
}

/** The instance a unit works on today: the current quarter's or year's, kept within the plan's years. */
export function currentInstance(plan: LoadedPlan, task: PlanTask, today: string): Instance {
  const [y0, y1] = planYears(plan);
  const day = today < `${y0}-01-01` ? `${y0}-01-01` : today > `${y1}-12-31` ? `${y1}-12-31` : today;
  const kind = periodKind(task);
  const period = kind === 'once' ? '' : kind === 'year' ? day.slice(0, 4) : quarterOf(day);
  return instancesIn(plan, task, day, day).find((i) => i.period === period) ?? { period, from: null, due: dueOf(plan, task, period) };
}

/** Status of an instance on `today`: done as recorded; overdue once its last day has passed; otherwise begun or not. */
export function statusOf(inst: Instance, state: InstanceState | undefined, today: string): TaskStatus {
  if (state?.status === 'done') return 'done';
  if (inst.due !== null && today > inst.due) return 'overdue';
  return state ? 'in_progress' : 'not_started';
}

/** How an instance counts in a report made on `today`. */
export type Outcome = 'done_on_time' | 'done_late' | 'not_done' | 'not_due' | 'no_deadline';

export function outcomeOf(inst: Instance, state: InstanceState | undefined, today: string): Outcome {
  if (state?.status === 'done') return inst.due === null || state.doneOn! <= inst.due ? 'done_on_time' : 'done_late';
  if (inst.due === null) return 'no_deadline';
  return today > inst.due ? 'not_done' : 'not_due';
}
