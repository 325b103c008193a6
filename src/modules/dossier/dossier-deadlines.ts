import type { RulesEnv } from './dossier-rules.js';

/** Due instant of a step that starts at `from`, its budget in the procedure's unit (hours for same-day). */
export function stepDue(env: RulesEnv, from: number, budget: number): number {
  const { unit } = env.def.deadline;
  switch (unit) {
    case 'same_day':
    case 'working_hours':
      return env.cal.due(from, budget, 'working_hours').dueAt;
    case 'working_days':
      return env.cal.due(from, budget, 'working_days').dueAt;
    case 'calendar_days':
      return env.cal.due(from, Math.max(1, Math.round(budget)), 'calendar_days').dueAt;
  }
}

/** The statutory due instant of a dossier whose time starts at `from` (the procedure's deadline and cutoff). */
export function statutoryDue(env: RulesEnv, from: number): { startAt: number; dueAt: number } {
  const { amount, unit, cutoff } = env.def.deadline;
  return env.cal.due(from, amount, unit, cutoff);
}
