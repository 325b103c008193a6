import { Injectable } from '@nestjs/common';
import { Db } from '../../database/db.js';
import { WorkflowsRef } from '../../workflows/workflows-ref.js';
import {
  APOLOGY_ON_TIME,
  bindPeriod,
  DUE_NOT_YET_OVERDUE,
  MEASURE_NAMES,
  type Measure,
  MEASURES,
  periodValues,
  RECEIVED_ACROSS,
  RECEPTION_MEASURES,
} from './indicator-measures.js';
import type { Period } from './period.js';

export type Counts = Record<Measure, number>;
/** Counts of one commune and procedure (and department, when asked for). */
export type Grouped = { agency: string; procedure: string; department?: string; c: Counts };

export const zero = (): Counts => Object.fromEntries(MEASURE_NAMES.map((m) => [m, 0])) as Counts;
export const add = (a: Counts, b: Counts): Counts => Object.fromEntries(MEASURE_NAMES.map((m) => [m, a[m] + b[m]])) as Counts;

/** `n` dossiers counted overdue that are not overdue yet (`ok` of them with a timely form 04). */
const notOverdue = (c: Counts, n: number, ok: number): Counts => ({
  ...c,
  'inProgress.overdue': c['inProgress.overdue'] - n,
  'inProgress.withinDeadline': c['inProgress.withinDeadline'] + n,
  'apologies.required': c['apologies.required'] - n,
  'apologies.issuedOnTime': c['apologies.issuedOnTime'] - ok,
});

/**
 * What the per-commune counts (from the rollups or live) do not hold by themselves, read from the few dossiers it
 * concerns: those due today in a period not ended yet (not overdue yet), and those received in one commune and
 * decided in another (NĐ 118/2025: their receptions count where they were received).
 */
@Injectable()
export class CountCorrections {
  constructor(
    private readonly db: Db,
    private readonly workflows: WorkflowsRef,
  ) {}

  /**
   * The daily rollups count a dossier as overdue at the end of its due day; for a period not ended yet (asOfNow) those
   * due today are not overdue yet: moved to "within the deadline", from a read of today's open dossiers alone.
   */
  async notYetOverdue(communes: string[], p: Period, groups: Grouped[]): Promise<Grouped[]> {
    for (const r of await this.dueToday(communes, p)) {
      const g = groups.find((x) => x.agency === r.agency && x.procedure === r.procedure);
      if (g) g.c = notOverdue(g.c, r.n, r.ok);
    }
    return groups;
  }

  private async dueToday(communes: string[], p: Period): Promise<{ agency: string; procedure: string; n: number; ok: number }[]> {
    if (!p.overdueBefore) return [];
    const params: unknown[] = [communes];
    const where = bindPeriod(DUE_NOT_YET_OVERDUE, periodValues(p, this.workflows.value.ruleSets), params);
    const rows: Record<string, unknown>[] = await this.db.read((em) =>
      em.query(
        `SELECT agency_code, procedure_code, count(*)::int AS n, count(*) FILTER (WHERE ${APOLOGY_ON_TIME})::int AS ok FROM dossier
         WHERE agency_code = ANY($1) AND ${where} GROUP BY agency_code, procedure_code`,
        params,
      ),
    );
    return rows.map((r) => ({ agency: r.agency_code as string, procedure: r.procedure_code as string, n: Number(r.n), ok: Number(r.ok) }));
  }

  /**
   * Both sources count every figure at the deciding agency; a dossier received in another commune's centre (NĐ
   * 118/2025) has its reception figures moved to that commune, from a read of such dossiers alone (a partial index).
   */
  async moveReceptions(communes: string[], p: Period, groups: Grouped[]): Promise<Grouped[]> {
    const set = new Set(communes);
    for (const r of await this.receivedAcross(communes, p)) {
      for (const [code, sign] of [
        [r.agency, -1],
        [r.receiving, 1],
      ] as const) {
        if (!set.has(code)) continue;
        let g = groups.find((x) => x.agency === code && x.procedure === r.procedure);
        if (!g) groups.push((g = { agency: code, procedure: r.procedure, c: zero() }));
        g.c = { ...g.c };
        for (const m of RECEPTION_MEASURES) g.c[m] += sign * r.c[m];
      }
    }
    return groups;
  }

  /** The communes' total change of reception figures: a reception moves in or out only across the set's edge. */
  async receptionsMovedInto(communes: string[], p: Period): Promise<Counts> {
    const set = new Set(communes);
    const c = zero();
    for (const r of await this.receivedAcross(communes, p)) {
      const sign = (set.has(r.receiving) ? 1 : 0) - (set.has(r.agency) ? 1 : 0);
      for (const m of RECEPTION_MEASURES) c[m] += sign * r.c[m];
    }
    return c;
  }

  /** Dossiers received across a boundary in the period, by deciding and receiving commune: their reception figures. */
  private async receivedAcross(communes: string[], p: Period) {
    const params: unknown[] = [communes];
    const values = periodValues(p, this.workflows.value.ruleSets);
    const select = RECEPTION_MEASURES.map((m, i) => `count(*) FILTER (WHERE ${bindPeriod(MEASURES[m], values, params)})::int AS m${i}`).join(', ');
    const within = bindPeriod('received_at >= $F AND received_at < $T', values, params);
    const rows: Record<string, unknown>[] = await this.db.read((em) =>
      em.query(
        `SELECT agency_code, receiving_agency_code, procedure_code, ${select} FROM dossier
         WHERE ${RECEIVED_ACROSS} AND (agency_code = ANY($1) OR receiving_agency_code = ANY($1)) AND ${within}
         GROUP BY agency_code, receiving_agency_code, procedure_code`,
        params,
      ),
    );
    return rows.map((r) => ({
      agency: r.agency_code as string,
      receiving: r.receiving_agency_code as string,
      procedure: r.procedure_code as string,
      c: Object.fromEntries(RECEPTION_MEASURES.map((m, i) => [m, Number(r[`m${i}`])])) as Record<(typeof RECEPTION_MEASURES)[number], number>,
    }));
  }

  /** The communes' total with today's due dossiers taken out of the overdue columns (a period not ended yet). */
  async notYetOverdueTotal(communes: string[], p: Period, c: Counts): Promise<Counts> {
    return (await this.dueToday(communes, p)).reduce((x, r) => notOverdue(x, r.n, r.ok), c);
  }
}
