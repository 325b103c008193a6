import { z } from 'zod';
import { type PlanTask, planTasksFields } from '../plans/plan-tasks.schema.js';

/** Indicator keys of domain.md §7 as the plans write them (shared/plans/README.md). */
const target = z
  .object({
    indicator: z.string().regex(/^[a-z_]+$/),
    op: z.enum(['>', '>=', '<', '<=']),
    /** null: the value is set elsewhere (e.g. by the province) and not known here. */
    value: z.number().nullable(),
    text: z.string().min(3),
    scope: z
      .object({ fields: z.array(z.string()).min(1) })
      .strict()
      .optional(),
  })
  .strict();

/** A commune's administrative-reform plan: its measurable targets, as written in the plan. */
export const planSchema = z
  .object({
    agencyCode: z.string().min(2),
    agency: z.object({ name: z.string(), province: z.string(), centre: z.string().optional() }).strict(),
    plan: z.string().min(3),
    year: z.number().int().min(2020).max(2100).optional(),
    years: z.tuple([z.number().int(), z.number().int()]).optional(),
    targets: z.array(target),
    not_measured: z.array(z.string()).optional(),
    ...planTasksFields,
    reporting: z
      .object({
        cadence: z.array(z.enum(['monthly', 'quarterly', 'half_year', 'yearly'])),
        due_day_of_period: z.number().int().min(1).max(31),
        to: z.string(),
        /** How the plan's "kỳ báo cáo" is read (reporting-window.ts); absent: the cut-off reading, by its source there. */
        reading: z
          .object({ value: z.enum(['cutoff_14', 'calendar']), source: z.string().min(3), confirmed: z.boolean() })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((p) => (p.year === undefined) !== (p.years === undefined), { message: 'ghi year hoặc years [từ, đến], không cả hai' });

export type Plan = z.infer<typeof planSchema>;
/** A plan file as loaded: its id (the file's name) and its tasks read (src/modules/plans). */
export type LoadedPlan = Plan & { id: string; planTasks: PlanTask[] };
export type PlanTarget = Plan['targets'][number];

export const planYears = (p: Plan): [number, number] => (p.year !== undefined ? [p.year, p.year] : p.years!);
