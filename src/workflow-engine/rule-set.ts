import { z } from 'zod';
import { AppError } from '../common/app-error.js';
import { vnDate } from '../common/vn-time.js';

const param = <T extends z.ZodTypeAny>(value: T) => z.object({ value, source: z.string().min(3), confirmed: z.boolean() }).strict();

/**
 * Legal parameters by effective date (domain.md §2, §5): a dossier keeps the rule set in force when it was
 * received and finishes under it. Unconfirmed rules are parameters with the default the domain states.
 */
export const ruleSetSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    name: z.string().min(3),
    effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'ngày phải có dạng YYYY-MM-DD'),
    /** Which numbering of the official forms applies (TT 01/2018 or TT 03/2025). */
    forms: param(z.enum(['tt01-2018', 'tt03-2025'])),
    /** A withdrawal at the applicant's request also gets the stop notice (form 05). */
    withdrawalNotice: param(z.boolean()),
    apology: z
      .object({
        /** The apology (form 04) is due this long before the due date. */
        leadTime: param(z.object({ amount: z.number().min(0).max(10), unit: z.enum(['working_days', 'calendar_days']) }).strict()),
        /**
         * When the whole budget (counting start → due) is not longer than the lead time (same-day and working-hour
         * procedures), the lead time cannot be met: the apology is then due when this share of the budget is still
         * left (0: by the due instant itself).
         */
        shortBudgetLeadPercent: param(z.number().min(0).max(100)),
        maxCount: param(z.number().int().min(1).max(5)),
        /** Finishing by the rescheduled date still counts as late against the original due date. */
        lateAgainstOriginalDue: param(z.boolean()),
      })
      .strict(),
    classifyBy: param(z.enum(['date', 'instant'])),
    supplementClockDefault: param(z.enum(['RESTART', 'PAUSE'])),
    /** How withdrawn and stopped dossiers count in the "resolved" columns. */
    withdrawnCountsAs: param(z.enum(['separate', 'on_time'])),
    stoppedCountsAs: param(z.enum(['separate', 'on_time'])),
    warnings: param(z.object({ budgetUsedPercent: z.number().min(1).max(100), remainingWorkingDays: z.number().min(0).max(10) }).strict()),
  })
  .strict();

export type RuleSet = z.infer<typeof ruleSetSchema>;

/** The rule set in force on the reception date (Vietnam time): the latest whose effectiveFrom is not after it. */
export function ruleSetFor(ruleSets: RuleSet[], receivedAt: Date | number): RuleSet {
  const day = vnDate(receivedAt);
  let found: RuleSet | undefined;
  for (const r of ruleSets) if (r.effectiveFrom <= day && (!found || r.effectiveFrom > found.effectiveFrom)) found = r;
  if (!found) {
    throw new AppError(422, 'RULE_SET_MISSING', `Không có bộ quy tắc áp dụng cho hồ sơ tiếp nhận ngày ${day}.`, { receivedOn: day });
  }
  return found;
}

/**
 * What a rule set pins: its values, without the names, sources and confirmation marks that document them (confirming
 * a source does not change a rule; changing a value does, and needs a new rule set).
 */
export function ruleSetValues(r: RuleSet): unknown {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v === null || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    if ('value' in o && 'source' in o && 'confirmed' in o) return strip(o.value);
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, strip(x)]));
  };
  const { name: _n, ...rest } = r;
  return strip(rest);
}
