import { z } from 'zod';
import type { AgencyDirectory } from '../agency/agency-directory.js';
import type { DefinitionIssue } from '../../workflow-engine/definition-error.js';
import { parseDeadline, type TaskDeadline } from './task-deadline.js';

const unitKey = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'khóa đơn vị viết HOA, ví dụ VHXH');

/**
 * The plan's tasks (issue 27), in the plan's own file: its units as the plan names them, mapped to the agency tree (a
 * department, or the commune for "các cơ quan, đơn vị thuộc xã"; none for units outside it: villages, schools, the
 * province's departments), its sections, and each task with the words of the document and the line it is on.
 */
export const planTasksFields = {
  tasksSource: z
    .object({ file: z.string().min(3), part: z.enum(['appendix', 'body']) })
    .strict()
    .optional(),
  /** The unit that follows the plan (the plans name Phòng Văn hóa – Xã hội): it records for units outside the tree. */
  coordinator: unitKey.optional(),
  /** Days before a deadline when the lead units are reminded (default 7). */
  remindDaysBefore: z.number().int().min(1).max(60).optional(),
  units: z.record(unitKey, z.object({ name: z.string().min(2), agency: z.string().min(2).optional() }).strict()).optional(),
  sections: z
    .array(
      z
        .object({
          id: z.string().min(1).max(10),
          title: z.string().min(3),
          line: z.number().int().min(1),
          /** Lead of the section's tasks when they name none (plans that list tasks in their body), and why. */
          lead: z.array(unitKey).min(1).optional(),
          leadSource: z.string().min(3).optional(),
        })
        .strict(),
    )
    .optional(),
  tasks: z
    .array(
      z
        .object({
          id: z.string().regex(/^[A-Z0-9.]{1,16}$/),
          section: z.string().min(1),
          content: z.string().min(5),
          product: z.string().min(2).optional(),
          lead: z.array(unitKey).min(1).optional(),
          cooperating: z.array(unitKey).optional(),
          /** The plan's words; absent: the plan writes none (by the end of a one-year plan, each period of a longer one). */
          deadline: z.string().min(3).optional(),
          /** What the document leaves out and how it was filled in. */
          assumed: z.string().min(5).optional(),
          line: z.number().int().min(1),
        })
        .strict(),
    )
    .optional(),
};

type Fields = { [K in keyof typeof planTasksFields]?: z.infer<(typeof planTasksFields)[K]> };

/** A task as the server uses it: units resolved, deadline read. */
export interface PlanTask {
  id: string;
  section: string;
  content: string;
  product: string | null;
  lead: string[];
  cooperating: string[];
  deadline: TaskDeadline;
  assumed: string | null;
  line: number;
}

/** The deadline of a task that names none: the plan's year, or each period of a plan over several years. */
export function defaultDeadline(years: [number, number]): TaskDeadline {
  if (years[0] === years[1]) {
    return { kind: 'by', from: `${years[0]}-01-01`, due: `${years[0]}-12-31`, text: `Trong năm ${years[0]}`, note: 'kế hoạch không ghi thời gian' };
  }
  return { kind: 'ongoing', text: `Giai đoạn ${years[0]} - ${years[1]}`, note: 'kế hoạch không ghi thời gian' };
}

/** Resolves and checks the tasks of one plan file; what is wrong goes to `issues` with the field's path. */
export function readPlanTasks(
  file: string,
  plan: Fields & { agencyCode: string },
  years: [number, number],
  agencies: AgencyDirectory,
  issues: DefinitionIssue[],
): PlanTask[] {
  const tasks = plan.tasks ?? [];
  if (tasks.length === 0) return [];
  const units = plan.units ?? {};
  const sections = new Map((plan.sections ?? []).map((s) => [s.id, s]));
  const unitOk = (key: string, field: string): void => {
    if (!units[key]) issues.push({ file, field, message: `đơn vị "${key}" không có trong units` });
  };
  for (const [key, u] of Object.entries(units)) {
    if (u.agency === undefined) continue;
    const a = agencies.get(u.agency);
    const inCommune = a && (a.code === plan.agencyCode || a.communeCode === plan.agencyCode);
    if (!inCommune) issues.push({ file, field: `units.${key}.agency`, message: `"${u.agency}" không phải ${plan.agencyCode} hay phòng ban của nó` });
  }
  if (!plan.coordinator) issues.push({ file, field: 'coordinator', message: 'kế hoạch có nhiệm vụ cần đơn vị điều phối (coordinator)' });
  else {
    unitOk(plan.coordinator, 'coordinator');
    if (units[plan.coordinator] && !units[plan.coordinator].agency) {
      issues.push({ file, field: 'coordinator', message: 'đơn vị điều phối phải thuộc cây cơ quan' });
    }
  }
  const seen = new Set<string>();
  return tasks.map((t, i) => {
    const at = `tasks[${i}]`;
    if (seen.has(t.id)) issues.push({ file, field: `${at}.id`, message: `mã nhiệm vụ "${t.id}" trùng` });
    seen.add(t.id);
    const section = sections.get(t.section);
    if (!section) issues.push({ file, field: `${at}.section`, message: `không có mục "${t.section}" trong sections` });
    const lead = t.lead ?? section?.lead ?? [];
    if (lead.length === 0) issues.push({ file, field: `${at}.lead`, message: 'nhiệm vụ không có cơ quan chủ trì (ghi ở nhiệm vụ hoặc ở mục)' });
    lead.forEach((u, j) => unitOk(u, `${at}.lead[${j}]`));
    (t.cooperating ?? []).forEach((u, j) => unitOk(u, `${at}.cooperating[${j}]`));
    const deadline = t.deadline === undefined ? defaultDeadline(years) : parseDeadline(t.deadline);
    if (!deadline) issues.push({ file, field: `${at}.deadline`, message: `không đọc được thời gian "${t.deadline}"` });
    return {
      id: t.id,
      section: t.section,
      content: t.content,
      product: t.product ?? null,
      lead,
      cooperating: t.cooperating ?? [],
      deadline: deadline ?? { kind: 'event', text: t.deadline ?? '', note: null },
      assumed: t.assumed ?? null,
      line: t.line,
    };
  });
}
