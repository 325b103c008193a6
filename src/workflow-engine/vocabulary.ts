/**
 * The words a procedure definition is written in, owned by the engine so that it imports no feature: the kinds of
 * department a step is owned by (each commune has its own department of each kind), and the units of a deadline.
 */
export const DEPARTMENT_KINDS = ['office', 'economy', 'culture_social', 'centre', 'police', 'leadership'] as const;
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];

export const DEADLINE_UNITS = ['working_days', 'working_hours', 'calendar_days', 'same_day'] as const;
export type DeadlineUnit = (typeof DEADLINE_UNITS)[number];
