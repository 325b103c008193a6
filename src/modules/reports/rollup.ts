import { vnDate } from '../../common/vn-time.js';
import { jsonColumn } from '../../database/json-column.js';
import { DATA_REUSED, DIGITISED, type Measure } from './indicator-measures.js';

/**
 * Daily rollups (pure part). A dossier contributes, per Vietnam day, counts of what happened that day (received,
 * decided, withdrawn…) and +1/−1 changes of the open and overdue sets, so any period [a, b] is answered from day
 * ranges (events) and prefix sums (sets). The contributions mirror the SQL predicates of `indicator-measures.ts`
 * exactly; the e2e test compares both on the same data.
 */
export interface RollupBasis {
  agency: string;
  procedure: string;
  recvDay: string;
  channel: 'direct' | 'online' | 'postal';
  /** online_payment: null when no fee was confirmed. */
  pay: boolean | null;
  /** Day the dossier left the open set (decision, or withdrawal / stop). */
  closeDay: string | null;
  resolveDay: string | null;
  resultClass: 'early' | 'on_time' | 'late' | null;
  issuedElectronic: boolean;
  rating: string | null;
  /** Rated "không hài lòng" or the subject of an in-scope feedback (QĐ 766). */
  dissatisfied766: boolean;
  finishKind: 'withdrawn' | 'stopped' | null;
  finishDay: string | null;
  /** Its rule set counts this withdrawal / stop as resolved on time. */
  finishOnTime: boolean;
  dueDay: string;
  /** Open now and waiting for the citizen (never overdue). */
  waitingNow: boolean;
  apologyOnTime: boolean;
  /**
   * The clock's history by day (issue 24, past periods do not change): each move of the reporting due as [day of the
   * move, due day before it], each wait as [first day, day it ended or null]. Absent in bases stored before it was
   * recorded, which count as they did: with the due and the wait they had.
   */
  hist?: { due: [string, string][]; waits: [string, string | null][] };
  /** Every component and the result digitised (absent in bases stored before it was recorded). */
  digitised?: boolean;
  dataReused?: boolean;
}

export type Contribution = Map<string, number>;

const key = (metric: string, day: string): string => `${metric}|${day}`;

export function contributions(b: RollupBasis | null): Contribution {
  const c: Contribution = new Map();
  if (!b) return c;
  const add = (metric: string, day: string, n = 1): void => {
    const k = key(metric, day);
    c.set(k, (c.get(k) ?? 0) + n);
  };
  add(b.channel === 'online' ? 'r_on' : b.channel === 'direct' ? 'r_di' : 'r_po', b.recvDay);
  if (b.pay !== null) add('pay', b.recvDay);
  if (b.pay === true) add('pay_on', b.recvDay);
  if (b.dataReused) add('reuse', b.recvDay);
  add('open', b.recvDay, 1);
  if (b.closeDay !== null) add('open', b.closeDay, -1);
  // Overdue at the end of day d: due before d ends, and still open (closed after d).
  if (b.hist) {
    for (const [day, n] of overdueChanges(b, b.hist)) for (const m of b.apologyOnTime ? ['od', 'od_ok'] : ['od']) add(m, day, n);
  } else if (!b.waitingNow) {
    const start = b.dueDay > b.recvDay ? b.dueDay : b.recvDay;
    if (b.closeDay === null || b.closeDay > start) {
      for (const m of b.apologyOnTime ? ['od', 'od_ok'] : ['od']) {
        add(m, start, 1);
        if (b.closeDay !== null) add(m, b.closeDay, -1);
      }
    }
  }
  if (b.resolveDay !== null) {
    add('dec', b.resolveDay);
    if (b.resultClass === 'early') add('e', b.resolveDay);
    if (b.resultClass === 'on_time') add('ot', b.resolveDay);
    if (b.resultClass === 'late') {
      add('l', b.resolveDay);
      if (b.apologyOnTime) add('l_ok', b.resolveDay);
    }
    if (b.issuedElectronic) add('el', b.resolveDay);
    if (b.digitised) add('dig', b.resolveDay);
    if (b.rating !== null) add('rated', b.resolveDay);
    if (b.rating === 'very_satisfied' || b.rating === 'satisfied') add('sat', b.resolveDay);
    if (b.rating === 'dissatisfied') add('dis', b.resolveDay);
    if (b.dissatisfied766) add('dis766', b.resolveDay);
  }
  if (b.finishKind !== null && b.finishDay !== null) add(`${b.finishKind === 'withdrawn' ? 'wd' : 'st'}_${b.finishOnTime ? 'o' : 's'}`, b.finishDay);
  for (const [k, v] of c) if (v === 0) c.delete(k);
  return c;
}

/**
 * The days on which "overdue at the end of the day" turns on (+1) or off (−1), with the due and the waits as they
 * were at each day's end: open (received by then, not yet closed), not waiting for the citizen, and due by that day
 * (the due before the first move made after the day, else the due now). It only changes on a day something happened,
 * so it is evaluated on those days alone.
 */
function overdueChanges(b: RollupBasis, h: NonNullable<RollupBasis['hist']>): [string, number][] {
  const dueAt = (d: string): string => h.due.find(([moved]) => moved > d)?.[1] ?? b.dueDay;
  const overdue = (d: string): boolean =>
    d >= b.recvDay && (b.closeDay === null || d < b.closeDay) && !h.waits.some(([from, until]) => from <= d && (until === null || until > d)) && dueAt(d) <= d;
  const days = new Set([b.recvDay, b.dueDay, ...(b.closeDay ? [b.closeDay] : []), ...h.due.flat(), ...h.waits.flat().filter((x) => x !== null)]);
  const out: [string, number][] = [];
  let was = false;
  for (const d of [...days].sort()) {
    const is = overdue(d);
    if (is !== was) out.push([d, is ? 1 : -1]);
    was = is;
  }
  return out;
}

/** new − old, the rows to add to dossier_day. */
export function difference(oldC: Contribution, newC: Contribution): Contribution {
  const d: Contribution = new Map(newC);
  for (const [k, v] of oldC) d.set(k, (d.get(k) ?? 0) - v);
  for (const [k, v] of d) if (v === 0) d.delete(k);
  return d;
}

export const splitKey = (k: string): [metric: string, day: string] => k.split('|') as [string, string];

/** The dossier columns `basisOf` reads (of `state`, only whether the first apology was on time). */
export const ROLLUP_INPUT = `d.id, d.agency_code, d.procedure_code, d.received_at, d.channel, d.online_payment, d.resolved_at,
  d.finished_at, d.status, d.result_class, d.outcome, d.electronic_result, d.rating, d.rule_set_id, d.original_due_at, d.clock_history,
  d.rollup_basis, (d.state->'apologies'->0->>'onTime') = 'true' AS apology_on_time,
  ${DIGITISED.replaceAll('state->', 'd.state->')} AS digitised, ${DATA_REUSED.replaceAll('state->', 'd.state->')} AS data_reused`;

/** The basis of a dossier row as stored (the snake_case columns of ROLLUP_INPUT). */
export function basisOf(r: Record<string, unknown>, hasFeedback: boolean, onTimeRuleSets: { withdrawn: string[]; stopped: string[] }): RollupBasis {
  const day = (v: unknown): string | null => (v === null || v === undefined ? null : vnDate(new Date(v as string)));
  const closed = r.resolved_at ?? r.finished_at ?? null;
  const status = r.status as string;
  const finishKind = status === 'withdrawn' || status === 'stopped' ? status : null;
  return {
    agency: r.agency_code as string,
    procedure: r.procedure_code as string,
    recvDay: day(r.received_at)!,
    channel: r.channel as RollupBasis['channel'],
    pay: (r.online_payment as boolean | null) ?? null,
    closeDay: day(closed),
    resolveDay: day(r.resolved_at),
    resultClass: (r.result_class as RollupBasis['resultClass']) ?? null,
    issuedElectronic: r.outcome === 'issued' && r.electronic_result === true,
    rating: (r.rating as string | null) ?? null,
    dissatisfied766: r.rating === 'dissatisfied' || hasFeedback,
    finishKind,
    finishDay: finishKind ? day(r.finished_at) : null,
    finishOnTime:
      finishKind === 'withdrawn'
        ? onTimeRuleSets.withdrawn.includes(r.rule_set_id as string)
        : finishKind === 'stopped'
          ? onTimeRuleSets.stopped.includes(r.rule_set_id as string)
          : false,
    dueDay: day(r.original_due_at)!,
    waitingNow: closed === null && (status === 'awaiting_supplement' || status === 'awaiting_payment'),
    hist: histOf(r.clock_history),
    apologyOnTime: r.apology_on_time === true,
    digitised: r.digitised === true,
    dataReused: r.data_reused === true,
  };
}

/**
 * The clock's history (`clock_history`, in ms) by Vietnam day, as the SQL predicates read it at a day's end (the
 * next day's 00:00): a move made on day d applies from d's end on; a wait begun on d covers d's end unless it ended
 * on d too (a wait begun and ended the same day covers no day's end).
 */
function histOf(v: unknown): RollupBasis['hist'] {
  const h = jsonColumn<{ due: [number, number][]; waits: [number, number | null][] } | null>(v);
  const day = (ms: number): string => vnDate(new Date(ms));
  return {
    due: (h?.due ?? []).map(([at, before]): [string, string] => [day(at), day(before)]),
    waits: (h?.waits ?? []).map(([from, until]): [string, string | null] => [day(from), until === null ? null : day(until)]),
  };
}

/** Sums of one metric for a period [a, b]: within it, before it, and up to its end. */
export interface MetricSums {
  inRange: number;
  before: number;
  upTo: number;
}

/** Rebuilds every figure of `indicator-measures.ts` from the rollup sums of one group. */
export function countsFromRollup(m: (metric: string) => MetricSums): Record<Measure, number> {
  const r = (x: string): number => m(x).inRange;
  const open = m('open');
  const od = m('od');
  const received = r('r_on') + r('r_di') + r('r_po');
  const wdOnTime = r('wd_o');
  const stOnTime = r('st_o');
  return {
    'received.online': r('r_on'),
    'received.direct': r('r_di'),
    'received.postal': r('r_po'),
    'received.inPeriod': received,
    'received.carriedOver': open.before,
    'received.total': received + open.before,
    'resolved.early': r('e'),
    'resolved.onTime': r('ot') + wdOnTime + stOnTime,
    'resolved.late': r('l'),
    'resolved.total': r('dec') + wdOnTime + stOnTime,
    'inProgress.total': open.upTo,
    'inProgress.overdue': od.upTo,
    'inProgress.withinDeadline': open.upTo - od.upTo,
    withdrawn: r('wd_s'),
    stopped: r('st_s'),
    'apologies.required': r('l') + od.upTo,
    'apologies.issuedOnTime': r('l_ok') + m('od_ok').upTo,
    'payment.total': r('pay'),
    'payment.online': r('pay_on'),
    'result.electronic': r('el'),
    'result.digitised': r('dig'),
    'received.dataReused': r('reuse'),
    'rating.rated': r('rated'),
    'rating.satisfied': r('sat'),
    'rating.dissatisfied': r('dis'),
    dissatisfied766: r('dis766'),
    'resolved.decided': r('dec'),
  };
}
