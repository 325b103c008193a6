import { Injectable } from '@nestjs/common';
import { validationFailed } from '../../common/app-error.js';
import type { Page } from '../../common/paging.js';
import { Clock } from '../../common/clock.js';
import { Db } from '../../database/db.js';
import { WorkflowsRef } from '../../workflows/workflows-ref.js';
import { AgencyDirectory } from '../agency/agency-directory.js';
import type { Scope } from '../agency/scope.js';
import type { AuthUser } from '../auth/auth-user.js';
import { formatVn } from '../../common/vn-time.js';
import { asOfNow, monthsOf, parsePeriod, type Period } from './period.js';
import { RollupService } from './rollup.service.js';
import { add, CountCorrections, type Counts, type Grouped, zero } from './count-corrections.js';
import {
  bindPeriod,
  MEASURE_NAMES,
  type Measure,
  MEASURES,
  type PeriodParams,
  periodValues,
  RECEIVED_ACROSS,
  RECEPTION_MEASURES,
} from './indicator-measures.js';

export const GROUP_BY = ['agency', 'procedure', 'field', 'month', 'department'] as const;
/**
 * rollup (the default): the daily rollups corrected by the dossiers changed since the rollup job ran — the same
 * figures as live, read from a few thousand rows instead of a province's millions; live: counted from the dossiers.
 */
export const SOURCES = ['rollup', 'live'] as const;
export type Source = (typeof SOURCES)[number];
export type GroupBy = (typeof GROUP_BY)[number];

export interface IndicatorRow {
  key: string;
  label: string;
  received: { total: number; online: number; direct: number; postal: number; carriedOver: number };
  resolved: { total: number; early: number; onTime: number; late: number };
  inProgress: { total: number; withinDeadline: number; overdue: number };
  withdrawn: number;
  stopped: number;
  apologies: { required: number; issuedOnTime: number };
  /** Numerators and denominators of the rates that are not columns above. */
  basis: {
    receivedInPeriod: number;
    decided: number;
    dissatisfied: number;
    dissatisfied766: number;
    rated: number;
    satisfied: number;
    payments: number;
    paidOnline: number;
    electronicResults: number;
    digitised: number;
    dataReused: number;
  };
  rates: Record<
    'onTime' | 'online' | 'onlinePayment' | 'digitised' | 'electronicResult' | 'dataReuse' | 'satisfaction766' | 'satisfactionRated',
    number | null
  >;
}

/** Percent with 2 decimals; null when nothing is there to divide by (api.md). */
const rate = (num: number, den: number): number | null => (den === 0 ? null : Math.round((num / den) * 10000) / 100);

export function toRow(key: string, label: string, c: Counts): IndicatorRow {
  return {
    key,
    label,
    received: {
      total: c['received.total'],
      online: c['received.online'],
      direct: c['received.direct'],
      postal: c['received.postal'],
      carriedOver: c['received.carriedOver'],
    },
    resolved: { total: c['resolved.total'], early: c['resolved.early'], onTime: c['resolved.onTime'], late: c['resolved.late'] },
    inProgress: { total: c['inProgress.total'], withinDeadline: c['inProgress.withinDeadline'], overdue: c['inProgress.overdue'] },
    withdrawn: c.withdrawn,
    stopped: c.stopped,
    apologies: { required: c['apologies.required'], issuedOnTime: c['apologies.issuedOnTime'] },
    basis: {
      receivedInPeriod: c['received.inPeriod'],
      decided: c['resolved.decided'],
      dissatisfied: c['rating.dissatisfied'],
      dissatisfied766: c.dissatisfied766,
      rated: c['rating.rated'],
      satisfied: c['rating.satisfied'],
      payments: c['payment.total'],
      paidOnline: c['payment.online'],
      electronicResults: c['result.electronic'],
      digitised: c['result.digitised'],
      dataReused: c['received.dataReused'],
    },
    rates: {
      onTime: rate(c['resolved.early'] + c['resolved.onTime'], c['resolved.total']),
      online: rate(c['received.online'], c['received.inPeriod']),
      onlinePayment: rate(c['payment.online'], c['payment.total']),
      digitised: rate(c['result.digitised'], c['resolved.decided']),
      electronicResult: rate(c['result.electronic'], c['resolved.decided']),
      dataReuse: rate(c['received.dataReused'], c['received.inPeriod']),
      satisfaction766: rate(c['resolved.decided'] - c.dissatisfied766, c['resolved.decided']),
      satisfactionRated: rate(c['rating.satisfied'], c['rating.rated']),
    },
  };
}

/**
 * The indicators of domain.md §7 for any period and unit, computed from the dossier rows (from scratch).
 * Each figure is a predicate of `indicator-measures.ts`; `dossiers()` lists the rows behind any figure.
 */
@Injectable()
export class IndicatorsService {
  constructor(
    private readonly db: Db,
    private readonly agencies: AgencyDirectory,
    private readonly workflows: WorkflowsRef,
    private readonly rollups: RollupService,
    private readonly clock: Clock,
    private readonly corrections: CountCorrections,
  ) {}

  /** Commune codes a report covers: the asked unit's communes, within the caller's scope (else 404). */
  communes(scope: Scope, agency: string | undefined, home: string | null): string[] {
    const code = agency ?? home;
    if (!code) return this.agencies.communes().map((c) => c.code);
    const a = scope.visible(this.agencies.get(code), (x) => x.code, 'cơ quan', code);
    const root = a.level === 'department' ? a.communeCode! : code;
    return this.agencies.subtree(root).filter((c) => this.agencies.get(c)?.level === 'commune');
  }

  private periodValues(p: Period): PeriodParams {
    return periodValues(p, this.workflows.value.ruleSets);
  }

  private fieldOf(procedureCode: string): string {
    return this.workflows.value.procedures.find((p) => p.definition.code === procedureCode)?.definition.field ?? 'Khác';
  }

  private procedureName(code: string): string {
    return this.workflows.value.procedures.find((p) => p.definition.code === code)?.definition.name ?? code;
  }

  /**
   * Counts per (commune, procedure) for each period, from the daily rollups (the default) or live from the dossiers.
   * The same counts asked for while a first request for them is still running share its answer: a dashboard asks
   * for several groupings of one unit and period at once, and each is a different grouping of these counts.
   */
  private counts(communes: string[], periods: Period[], source: Source): Promise<Grouped[][]> {
    const key = `${source}|${communes.join(',')}|${periods.map((p) => `${p.from}:${p.to}`).join(',')}`;
    let running = this.inFlight.get(key);
    if (!running) {
      running = (
        source === 'rollup'
          ? this.rollups
              .countsFor(communes, periods)
              .then((all) => Promise.all(all.map((groups, i) => this.corrections.notYetOverdue(communes, periods[i], groups))))
          : Promise.all(periods.map((p) => this.liveCounts(communes, p)))
      )
        .then((all) => Promise.all(all.map((groups, i) => this.corrections.moveReceptions(communes, periods[i], groups))))
        .finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, running);
    }
    return running;
  }

  private readonly inFlight = new Map<string, Promise<Grouped[][]>>();

  /** `byDepartment`: also by the department each dossier counts for (`departmentOf` in dossier-rules.ts). */
  private async liveCounts(communes: string[], p: Period, byDepartment = false): Promise<Grouped[]> {
    const params: unknown[] = [communes];
    const values = this.periodValues(p);
    const select = MEASURE_NAMES.map((m, i) => `count(*) FILTER (WHERE ${bindPeriod(MEASURES[m], values, params)})::int AS m${i}`).join(',\n');
    // Only dossiers received before the end and not closed before the start can count in any column.
    const relevant = bindPeriod(
      'received_at < $T AND (COALESCE(resolved_at, finished_at) IS NULL OR COALESCE(resolved_at, finished_at) >= $F)',
      values,
      params,
    );
    const rows: Record<string, unknown>[] = await this.db.read((em) =>
      em.query(
        `SELECT agency_code, procedure_code, ${byDepartment ? 'department_code' : 'NULL AS department_code'}, ${select} FROM dossier
         WHERE agency_code = ANY($1) AND ${relevant} GROUP BY agency_code, procedure_code${byDepartment ? ', department_code' : ''}`,
        params,
      ),
    );
    return rows.map((r) => ({
      agency: r.agency_code as string,
      procedure: r.procedure_code as string,
      department: (r.department_code as string | null) ?? undefined,
      c: Object.fromEntries(MEASURE_NAMES.map((m, i) => [m, Number(r[`m${i}`])])) as Counts,
    }));
  }

  /**
   * Feedback (PAKN) figures for the period: items judged in it — published in the period, or still unpublished with
   * their deadline inside it — excluding those out of scope; on time = answered and published by the deadline.
   */
  async feedback(communes: string[], p: Period) {
    const [r] = await this.db.read((em) =>
      em.query(
        `SELECT count(*) FILTER (WHERE judged)::int AS total,
                count(*) FILTER (WHERE judged AND published_at IS NOT NULL AND on_time)::int AS on_time,
                count(*) FILTER (WHERE published_at >= $2 AND published_at < $3)::int AS published,
                count(*) FILTER (WHERE published_at >= $2 AND published_at < $3 AND rating = 'dissatisfied')::int AS dissatisfied
         FROM (SELECT *, ((published_at >= $2 AND published_at < $3) OR (published_at IS NULL AND due_at >= $2 AND due_at < $3)) AS judged
               FROM feedback WHERE agency_code = ANY($1) AND status <> 'out_of_scope') f`,
        [communes, p.start, p.end],
      ),
    );
    return {
      judged: r.total as number,
      onTime: r.on_time as number,
      published: r.published as number,
      dissatisfied: r.dissatisfied as number,
      rates: { onTime: rate(r.on_time, r.total), answerSatisfaction: rate(r.published - r.dissatisfied, r.published) },
    };
  }

  async indicators(actor: AuthUser, q: { agency?: string; from?: string; to?: string; groupBy?: GroupBy; source?: Source }) {
    const groupBy = q.groupBy ?? 'agency';
    // The rollups are kept per commune and procedure: departments are counted from a commune's dossiers.
    const source = groupBy === 'department' ? 'live' : (q.source ?? 'rollup');
    const period = asOfNow(parsePeriod(q.from, q.to), this.clock.now());
    const communes = this.communes(actor.scope, q.agency, actor.agencyCode);
    // The period's counts are shared with the other groupings a dashboard asks for at the same time.
    const [all] = groupBy === 'department' ? [await this.liveCounts(communes, period, true)] : await this.counts(communes, [period], source);
    let total = zero();
    for (const r of all) total = add(total, r.c);

    let rows: IndicatorRow[];
    if (groupBy === 'month') {
      const monthly = monthsOf(period);
      const totals =
        source === 'rollup'
          ? await Promise.all(
              (await this.rollups.totalsFor(communes, monthly)).map(async (c, i) => {
                const t = await this.corrections.notYetOverdueTotal(communes, monthly[i], c);
                return add(t, await this.corrections.receptionsMovedInto(communes, monthly[i]));
              }),
            )
          : (await this.counts(communes, monthly, source)).map((groups) => groups.reduce((c, r) => add(c, r.c), zero()));
      rows = monthly.map((m, i) => toRow(m.from.slice(0, 7), `Tháng ${m.from.slice(5, 7)}/${m.from.slice(0, 4)}`, totals[i]));
    } else {
      rows = this.group(all, groupBy, communes);
    }
    return {
      agency: q.agency ?? actor.agencyCode,
      from: period.from,
      to: period.to,
      groupBy,
      source,
      rows,
      total: toRow('total', 'Tổng cộng', total),
      feedback: await this.feedback(communes, period),
      notTracked: [],
    };
  }

  /** Rows of one grouping from per-(commune, procedure) counts. */
  private group(all: Grouped[], groupBy: Exclude<GroupBy, 'month'>, communes: string[]): IndicatorRow[] {
    const groups = new Map<string, { label: string; c: Counts }>();
    const keyOf = (r: Grouped): [string, string] => {
      switch (groupBy) {
        case 'agency':
          return [r.agency, this.agencies.get(r.agency)?.name ?? r.agency];
        case 'procedure':
          return [r.procedure, this.procedureName(r.procedure)];
        case 'department':
          return r.department ? [r.department, this.agencies.get(r.department)?.name ?? r.department] : ['khac', 'Chưa xác định'];
        case 'field':
          return [this.fieldOf(r.procedure), this.fieldOf(r.procedure)];
      }
    };
    // Every unit in scope appears, even with no dossiers, so a province sees all its communes side by side.
    if (groupBy === 'agency') for (const c of communes) groups.set(c, { label: this.agencies.get(c)?.name ?? c, c: zero() });
    for (const r of all) {
      const [key, label] = keyOf(r);
      const g = groups.get(key) ?? { label, c: zero() };
      g.c = add(g.c, r.c);
      groups.set(key, g);
    }
    return [...groups].map(([key, g]) => toRow(key, g.label, g.c)).sort((a, b) => a.label.localeCompare(b.label, 'vi'));
  }

  /** Several groupings of one period from a single count query (the plan view needs fields and procedures). */
  async breakdown(actor: AuthUser, q: { agency?: string; from?: string; to?: string }, groupings: Exclude<GroupBy, 'month'>[]) {
    const period = asOfNow(parsePeriod(q.from, q.to), this.clock.now());
    const communes = this.communes(actor.scope, q.agency, actor.agencyCode);
    const [all] = await this.counts(communes, [period], 'rollup');
    let total = zero();
    for (const r of all) total = add(total, r.c);
    return {
      total: toRow('total', 'Tổng cộng', total),
      rows: Object.fromEntries(groupings.map((g) => [g, this.group(all, g, communes)])) as Record<Exclude<GroupBy, 'month'>, IndicatorRow[]>,
      feedback: await this.feedback(communes, period),
    };
  }

  /** The dossiers behind one figure (the manager clicks a number). */
  async dossiers(
    actor: AuthUser,
    q: { agency?: string; from?: string; to?: string; measure?: string; procedure?: string; field?: string; page: number; pageSize: number },
  ) {
    const period = asOfNow(parsePeriod(q.from, q.to), this.clock.now());
    if (!q.measure || !(q.measure in MEASURES)) {
      throw validationFailed([{ field: 'measure', message: `chỉ số phải là một trong: ${MEASURE_NAMES.join(', ')}` }]);
    }
    const communes = this.communes(actor.scope, q.agency, actor.agencyCode);
    let procedures: string[] | null = q.procedure ? [q.procedure] : null;
    if (q.field) procedures = this.workflows.value.procedures.filter((p) => p.definition.field === q.field).map((p) => p.definition.code);
    const params: unknown[] = [communes];
    // A reception figure lists the dossiers the units received, whoever decides them (NĐ 118/2025).
    const units = (RECEPTION_MEASURES as readonly string[]).includes(q.measure)
      ? `((agency_code = ANY($1) AND NOT (${RECEIVED_ACROSS})) OR (receiving_agency_code = ANY($1) AND ${RECEIVED_ACROSS}))`
      : 'agency_code = ANY($1)';
    let where = `${units} AND ${bindPeriod(MEASURES[q.measure as Measure], this.periodValues(period), params)}`;
    if (procedures) {
      params.push(procedures);
      where += ` AND procedure_code = ANY($${params.length})`;
    }
    return this.db.read(async (em) => {
      const [{ n }] = await em.query(`SELECT count(*)::int AS n FROM dossier WHERE ${where}`, params);
      const rows: Record<string, unknown>[] = await em.query(
        `SELECT id, code, agency_code, procedure_code, channel, status, received_at, due_at, original_due_at, resolved_at, result_class
         FROM dossier WHERE ${where} ORDER BY received_at, code LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
        params,
      );
      const iso = (v: unknown): string | null => (v ? formatVn(new Date(v as string)) : null);
      const page: Page<Record<string, unknown>> = {
        items: rows.map((r) => ({
          id: r.id,
          code: r.code,
          agencyCode: r.agency_code,
          procedure: { code: r.procedure_code, name: this.procedureName(r.procedure_code as string) },
          channel: r.channel,
          status: r.status,
          receivedAt: iso(r.received_at),
          dueAt: iso(r.due_at),
          originalDueAt: iso(r.original_due_at),
          resolvedAt: iso(r.resolved_at),
          resultClass: r.result_class,
        })),
        page: q.page,
        pageSize: q.pageSize,
        total: Number(n),
      };
      return { measure: q.measure, from: period.from, to: period.to, ...page };
    });
  }
}
