import { z } from 'zod';

const limit = z
  .object({ amount: z.number().positive().max(365), unit: z.enum(['working_days', 'calendar_days']), source: z.string().min(3), confirmed: z.boolean() })
  .strict();
const param = <T extends z.ZodTypeAny>(value: T) => z.object({ value, source: z.string().min(3), confirmed: z.boolean() }).strict();

/** The PAKN process and its step limits (workflows/feedback/*.yaml); the law's limits are unconfirmed parameters. */
export const feedbackProcessSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    name: z.string().min(3),
    effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    limits: z.object({ classify: limit, forward: limit, total: limit }).strict(),
    warnings: z
      .object({
        remainingWorkingDays: z.number().min(0).max(10),
        // A step's own warning (classify, forward): this share of its limit used, or the days above left if earlier.
        stepBudgetUsedPercent: z.number().min(1).max(100),
        source: z.string(),
        confirmed: z.boolean(),
      })
      .strict(),
    public: z.object({ maxBodyChars: param(z.number().int().min(100).max(100_000)), perAddressPerHour: param(z.number().int().min(1).max(10_000)) }).strict(),
  })
  .strict();

export type FeedbackProcess = z.infer<typeof feedbackProcessSchema>;
