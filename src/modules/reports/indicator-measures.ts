import type { RuleSet } from '../../workflow-engine/rule-set.js';
import type { Period } from './period.js';

/**
 * Every figure of the indicators (domain.md §7, Biểu II.06a of TT 01/2020) as one SQL predicate over a dossier
 * row, for the period [$F, $T) (Vietnam dates, end exclusive). The same predicate counts the figure and lists the
 * dossiers behind it, so the two can never disagree. `$W`/`$S`: rule-set ids under which withdrawn / stopped
 * dossiers count as resolved on time (rule set parameters withdrawnCountsAs / stoppedCountsAs).
 */

/** When the dossier left the open set: its decision, or its withdrawal / stop. */
const CLOSED = 'COALESCE(resolved_at, finished_at)';
const IN = (col: string): string => `(${col} >= $F AND ${col} < $T)`;
const RECEIVED_IN = IN('received_at');
const RESOLVED_IN = `(resolved_at IS NOT NULL AND ${IN('resolved_at')})`;
const WITHDRAWN_IN = `(status = 'withdrawn' AND ${IN('finished_at')})`;
const STOPPED_IN = `(status = 'stopped' AND ${IN('finished_at')})`;
const WITHDRAWN_ON_TIME = `(${WITHDRAWN_IN} AND rule_set_id = ANY($W))`;
const STOPPED_ON_TIME = `(${STOPPED_IN} AND rule_set_id = ANY($S))`;
const OPEN_AT_END = `(received_at < $T AND (${CLOSED} IS NULL OR ${CLOSED} >= $T))`;
// Waiting for the citizen is never overdue (domain.md §5).
const WAITING_NOW = `(${CLOSED} IS NULL AND status IN ('awaiting_supplement', 'awaiting_payment'))`;
/**
 * Past periods do not change (issue 24): the reporting due and the waits as they were at the period's end, from the
 * clock's history (migrations/1765300000000-clock-history.sql); a dossier without history has the due it has now.
 */
const DUE_AT_END = `(CASE WHEN clock_history IS NULL THEN original_due_at ELSE dossier_due_as_of(clock_history, original_due_at, $T) END)`;
const WAITING_AT_END = `(clock_history IS NOT NULL AND dossier_waiting_at(clock_history, $T))`;
// $O: the period's end, or the start of today for a period not ended yet (period.ts, asOfNow).
const OVERDUE_AT_END = `(${OPEN_AT_END} AND ${DUE_AT_END} < $O AND NOT ${WAITING_AT_END})`;
/**
 * QĐ 766: a feedback item counts against a dossier once it has been classified within scope and is about how the
 * dossier was received, handled or delayed (`about = dossier_handling`); an unclassified item, one out of scope or one
 * about a regulation does not (issue 24). `dossierId`: the SQL naming the dossier's id.
 */
export const feedbackAgainst = (dossierId: string): string =>
  `EXISTS (SELECT 1 FROM feedback f WHERE f.dossier_id = ${dossierId} AND f.about = 'dossier_handling' AND f.status NOT IN ('received', 'out_of_scope'))`;

export const DIGITISED = `((state->'digitisation'->>'components') = 'true' AND (state->'digitisation'->>'result') = 'true')`;
export const DATA_REUSED = `((state->'digitisation'->>'dataReused') = 'true')`;
export const APOLOGY_ON_TIME = `COALESCE((state->'apologies'->0->>'onTime')::boolean, false)`;
const RESOLVED_LATE = `(${RESOLVED_IN} AND result_class = 'late')`;

export const MEASURES = {
  'received.online': `(${RECEIVED_IN} AND channel = 'online')`,
  'received.direct': `(${RECEIVED_IN} AND channel = 'direct')`,
  'received.postal': `(${RECEIVED_IN} AND channel = 'postal')`,
  'received.inPeriod': RECEIVED_IN,
  'received.carriedOver': `(received_at < $F AND (${CLOSED} IS NULL OR ${CLOSED} >= $F))`,
  'received.total': `(${RECEIVED_IN} OR (received_at < $F AND (${CLOSED} IS NULL OR ${CLOSED} >= $F)))`,
  'resolved.early': `(${RESOLVED_IN} AND result_class = 'early')`,
  'resolved.onTime': `((${RESOLVED_IN} AND result_class = 'on_time') OR ${WITHDRAWN_ON_TIME} OR ${STOPPED_ON_TIME})`,
  'resolved.late': RESOLVED_LATE,
  'resolved.total': `(${RESOLVED_IN} OR ${WITHDRAWN_ON_TIME} OR ${STOPPED_ON_TIME})`,
  'inProgress.total': OPEN_AT_END,
  'inProgress.overdue': OVERDUE_AT_END,
  'inProgress.withinDeadline': `(${OPEN_AT_END} AND NOT ${OVERDUE_AT_END})`,
  withdrawn: `(${WITHDRAWN_IN} AND NOT rule_set_id = ANY($W))`,
  stopped: `(${STOPPED_IN} AND NOT rule_set_id = ANY($S))`,
  'apologies.required': `(${RESOLVED_LATE} OR ${OVERDUE_AT_END})`,
  'apologies.issuedOnTime': `((${RESOLVED_LATE} OR ${OVERDUE_AT_END}) AND ${APOLOGY_ON_TIME})`,
  // Payment: dossiers whose fee was confirmed (in the period's receptions), and those paid online.
  'payment.total': `(${RECEIVED_IN} AND online_payment IS NOT NULL)`,
  'payment.online': `(${RECEIVED_IN} AND online_payment = true)`,
  'result.electronic': `(${RESOLVED_IN} AND outcome = 'issued' AND electronic_result = true)`,
  // Digitisation (domain.md §7): decided dossiers whose every component and whose result were digitised; dossiers
  // received that reused digitised data instead of new papers.
  'result.digitised': `(${RESOLVED_IN} AND ${DIGITISED})`,
  'received.dataReused': `(${RECEIVED_IN} AND ${DATA_REUSED})`,
  'rating.rated': `(${RESOLVED_IN} AND rating IS NOT NULL)`,
  'rating.satisfied': `(${RESOLVED_IN} AND rating IN ('very_satisfied', 'satisfied'))`,
  'rating.dissatisfied': `(${RESOLVED_IN} AND rating = 'dissatisfied')`,
  // QĐ 766: rated "không hài lòng", or the subject of an in-scope feedback about its handling (domain.md §7).
  dissatisfied766: `(${RESOLVED_IN} AND (rating = 'dissatisfied' OR ${feedbackAgainst('dossier.id')}))`,
  'resolved.decided': RESOLVED_IN,
} as const;

/**
 * Open at the end of a period not ended yet, due today and not overdue yet: the daily rollups count them as overdue
 * at the end of today, so the rollup path takes them out of the overdue columns (`apologyOk`: with a timely form 04).
 */
export const DUE_NOT_YET_OVERDUE = `(${OPEN_AT_END} AND original_due_at >= $O AND original_due_at < $T AND NOT ${WAITING_NOW})`;
export type Measure = keyof typeof MEASURES;

/**
 * The figures of a reception, counted at the unit that received the dossier (NĐ 118/2025: it may differ from the
 * agency that decides, where every other figure counts): `received.total` holds them through `received.inPeriod`.
 */
export const RECEPTION_MEASURES = [
  'received.online',
  'received.direct',
  'received.postal',
  'received.inPeriod',
  'received.total',
  'received.dataReused',
  'payment.total',
  'payment.online',
] as const satisfies readonly Measure[];
/** A dossier received in one commune and decided in another. */
export const RECEIVED_ACROSS = 'receiving_agency_code <> agency_code';
export const MEASURE_NAMES = Object.keys(MEASURES) as Measure[];

export type PeriodParams = Record<'F' | 'T' | 'O' | 'W' | 'S', unknown>;

/** The placeholders' values for a period: its instants, and the rule sets counting withdrawals / stops on time. */
export function periodValues(p: Period, ruleSets: RuleSet[]): PeriodParams {
  const onTime = (kind: 'withdrawnCountsAs' | 'stoppedCountsAs'): string[] => ruleSets.filter((r) => r[kind].value === 'on_time').map((r) => r.id);
  return { F: p.start, T: p.end, O: p.overdueBefore ?? p.end, W: onTime('withdrawnCountsAs'), S: onTime('stoppedCountsAs') };
}

/**
 * Replaces the named placeholders ($F, $T, $O, $W, $S) with positional ones, appending each value used to `params`
 * once (PostgreSQL refuses parameters a statement does not use).
 */
export function bindPeriod(sql: string, values: PeriodParams, params: unknown[]): string {
  const at = new Map<string, number>();
  return sql.replace(/\$([FTOWS])\b/g, (_m, name: keyof PeriodParams) => {
    if (!at.has(name)) {
      params.push(values[name]);
      at.set(name, params.length);
    }
    return `$${at.get(name)}`;
  });
}
