import { z } from 'zod';
import { DEADLINE_UNITS, DEPARTMENT_KINDS } from './vocabulary.js';

const confirmedRef = z.object({ ref: z.string().min(3), confirmed: z.boolean() }).strict();

const stepSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'mã bước chỉ gồm chữ thường, số và dấu gạch dưới'),
    name: z.string().min(3),
    /** Owner department kind, resolved to the department of the dossier's commune. */
    owner: z.enum(DEPARTMENT_KINDS),
    /** Time budget, in the deadline's unit (working hours for same-day procedures). */
    budget: z.number().positive(),
    /** The step whose action is the decision (approve: issued or denied); default: the last leadership step. */
    decides: z.boolean().optional(),
  })
  .strict();

/**
 * A document the applicant brings (thành phần hồ sơ): the form required, how many, and whether the centre may take
 * it from a national database (dân cư, hộ tịch, đất đai) instead of asking for paper (NĐ 118/2025: data reuse).
 */
const documentSchema = z
  .object({
    name: z.string().min(3),
    form: z.enum(['original', 'certified_copy', 'copy']),
    count: z.number().int().min(1).max(20),
    /** Only in a stated case ("nếu có", "trường hợp …"): not part of every dossier. */
    optional: z.boolean().optional(),
    fromNationalDb: z.boolean().optional(),
    note: z.string().min(3).optional(),
  })
  .strict();

/**
 * A longer statutory time the law allows in a stated case (marriage needing verification: up to 5 working days;
 * civil-status correction: 3 more working days; certification, NĐ 23/2015 Đ.7: 2 more). Decided with a written
 * reason while the dossier is being handled and before it is late; a dossier finished within it is not late, unlike
 * an apology (form 04) for lateness.
 */
const extensionSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'mã trường hợp gia hạn chỉ gồm chữ thường, số và dấu gạch dưới'),
    /** When it applies, in the law's words. */
    case: z.string().min(5),
    /** `add`: this much more than the statutory time; `total`: the whole time becomes this, from the start of counting. */
    kind: z.enum(['add', 'total']),
    amount: z.number().positive().max(365),
    unit: z.enum(['working_days', 'working_hours', 'calendar_days']),
    /** Who decides, in the law's words (the action is taken by the step's owner or a leader). */
    decidedBy: z.string().min(3),
    source: confirmedRef,
  })
  .strict();

/**
 * A procedure (thủ tục hành chính) as data. `definitionVersion` pins a dossier to the rules it started
 * with: changing a published file without raising it is refused at start-up.
 */
export const procedureSchema = z
  .object({
    code: z.string().regex(/^\d\.\d{6}$/, 'mã TTHC theo CSDL quốc gia có dạng 1.001193'),
    definitionVersion: z.number().int().min(1),
    name: z.string().min(5),
    field: z.string().min(3),
    /** Which communes offer it: all communes and wards unless restricted to listed agency codes. */
    agencies: z.array(z.string()).optional(),
    decidedBy: z.string().min(3),
    deadline: z
      .object({
        amount: z.number().min(0).max(365),
        unit: z.enum(DEADLINE_UNITS),
        /** The 15:00 rule where the law has it (hộ tịch, chứng thực): received at/after it → next working day. */
        cutoff: z
          .string()
          .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'giờ phải có dạng HH:MM')
          .optional(),
        text: z.string().min(3),
      })
      .strict(),
    fee: z.object({ amount: z.number().int().min(0), text: z.string().min(3) }).strict(),
    online: z.enum(['full', 'partial', 'none']),
    /**
     * Whether the procedure may be offered full-online at all (the plans' "TTHC đủ điều kiện"): absent means eligible;
     * false where its law requires the applicant's presence. Catalogue information, not part of the version's hash.
     */
    fullOnlineEligible: z
      .object({ value: z.boolean(), source: z.string().min(3), confirmed: z.boolean() })
      .strict()
      .optional(),
    supplementClock: z.enum(['RESTART', 'PAUSE']),
    steps: z.array(stepSchema).min(1),
    /** Statutory extensions of the deadline in stated cases (each at most once per dossier). */
    extensions: z.array(extensionSchema).optional(),
    /** Documents to bring: the reception checklist and the public catalogue. Not part of the version's hash. */
    documents: z.array(documentSchema).optional(),
    source: z
      .object({
        legalBasis: z.array(z.string().min(3)).min(1),
        code: confirmedRef,
        deadline: confirmedRef,
        fee: confirmedRef,
        online: confirmedRef,
        steps: confirmedRef,
        documents: confirmedRef.optional(),
      })
      .strict(),
  })
  .strict();

export type ProcedureDefinition = z.infer<typeof procedureSchema>;
export type ProcedureStep = ProcedureDefinition['steps'][number];
export type ProcedureExtension = NonNullable<ProcedureDefinition['extensions']>[number];
export type ProcedureDocument = NonNullable<ProcedureDefinition['documents']>[number];

/**
 * What a published version pins: everything but the documents to bring and the full-online eligibility. Those are catalogue information that the
 * centre corrects as forms change; a dossier keeps the checklist it was received with, so they cannot change how
 * a dossier already received runs.
 */
export function pinnedContent(p: ProcedureDefinition): Omit<ProcedureDefinition, 'documents' | 'fullOnlineEligible'> {
  const { documents: _documents, fullOnlineEligible: _eligible, ...rest } = p;
  const { documents: _source, ...source } = rest.source;
  return { ...rest, source };
}

/** Same-day procedures split one working day (8 h) between their steps. */
export const SAME_DAY_BUDGET_HOURS = 8;

/** Checks beyond the shape: budgets add up to the deadline, step ids are unique. */
export function procedureRuleIssues(p: ProcedureDefinition): { field: string; message: string }[] {
  const issues: { field: string; message: string }[] = [];
  const ids = new Set<string>();
  p.steps.forEach((s, i) => {
    if (ids.has(s.id)) issues.push({ field: `steps[${i}].id`, message: `mã bước "${s.id}" bị trùng` });
    ids.add(s.id);
  });
  if (p.steps[0] && p.steps[0].owner !== 'centre') {
    issues.push({ field: 'steps[0].owner', message: 'bước đầu tiên là tiếp nhận tại Trung tâm (owner: centre)' });
  }
  if (p.steps.filter((s) => s.decides).length > 1) {
    issues.push({ field: 'steps', message: 'chỉ một bước được đánh dấu decides (bước quyết định)' });
  }
  const sum = p.steps.reduce((n, s) => n + s.budget, 0);
  const expected = p.deadline.unit === 'same_day' ? SAME_DAY_BUDGET_HOURS : p.deadline.amount;
  const unitText = p.deadline.unit === 'same_day' ? 'giờ làm việc của một ngày' : p.deadline.unit;
  if (Math.abs(sum - expected) > 1e-9) {
    issues.push({ field: 'steps', message: `tổng thời gian các bước là ${sum}, phải bằng thời hạn ${expected} (${unitText})` });
  }
  if (p.deadline.unit === 'calendar_days' && !Number.isInteger(p.deadline.amount)) {
    issues.push({ field: 'deadline.amount', message: 'thời hạn tính theo ngày (lịch) phải là số nguyên' });
  }
  const extIds = new Set<string>();
  (p.extensions ?? []).forEach((e, i) => {
    if (extIds.has(e.id)) issues.push({ field: `extensions[${i}].id`, message: `mã trường hợp gia hạn "${e.id}" bị trùng` });
    extIds.add(e.id);
    if (e.unit === 'calendar_days' && !Number.isInteger(e.amount)) {
      issues.push({ field: `extensions[${i}].amount`, message: 'thời hạn tính theo ngày (lịch) phải là số nguyên' });
    }
  });
  if (p.deadline.unit !== 'same_day' && p.deadline.amount === 0) {
    issues.push({ field: 'deadline.amount', message: 'thời hạn phải lớn hơn 0 (dùng same_day cho thủ tục trả trong ngày)' });
  }
  return issues;
}

/**
 * Index of the deciding step (its action is `approve`): the step marked `decides`, else the last leadership
 * step, else the last step not owned by the centre, else the last step.
 */
export function decidingStepIndex(p: Pick<ProcedureDefinition, 'steps'>): number {
  const marked = p.steps.findIndex((s) => s.decides);
  if (marked >= 0) return marked;
  const lastOf = (pred: (s: ProcedureStep) => boolean): number => {
    for (let i = p.steps.length - 1; i >= 0; i--) if (pred(p.steps[i])) return i;
    return -1;
  };
  const leadership = lastOf((s) => s.owner === 'leadership');
  if (leadership >= 0) return leadership;
  const nonCentre = lastOf((s) => s.owner !== 'centre');
  return nonCentre >= 0 ? nonCentre : p.steps.length - 1;
}
