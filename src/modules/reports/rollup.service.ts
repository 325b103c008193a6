import { Injectable, OnModuleInit } from '@nestjs/common';
import { Db } from '../../database/db.js';
import { dateOfDayIndex, dayIndexOfDate } from '../../common/vn-time.js';
import { JobRunner } from '../../queue/job-runner.js';
import { QueueName } from '../../queue/queue-names.js';
import { WorkflowsRef } from '../../workflows/workflows-ref.js';
import type { Grouped } from './count-corrections.js';
import { feedbackAgainst, type Measure } from './indicator-measures.js';
import {
  basisOf,
  ROLLUP_INPUT,
  type Contribution,
  contributions,
  countsFromRollup,
  difference,
  type MetricSums,
  type RollupBasis,
  splitKey,
} from './rollup.js';
import { jsonColumn } from '../../database/json-column.js';

// Rows per batch: each batch is a burst of work in this process (bases, JSON) and in PostgreSQL (an UPDATE of its rows)
// that actions queue behind; 100 kept the action benchmark's p99/p50 lower than 500 in 3 alternating pairs.
const BATCH = 100;

/**
 * One batch of the rollup, atomic: lock the rows still as read ($1 ids, $2 their xmin when read; SKIP LOCKED), add
 * those rows' differences ($4–$9, one element per row and metric-day) to the daily and monthly sums in key order,
 * store their new basis ($3) and clear their dirty flag. Returns how many rows it applied.
 */
const APPLY_SQL = `
  WITH input AS (
    SELECT * FROM unnest($1::uuid[], $2::text[], $3::jsonb[]) AS i(id, seen, basis)),
  locked AS (
    SELECT d.id, i.basis FROM dossier d JOIN input i ON i.id = d.id
    WHERE d.id = ANY($1::uuid[]) AND d.xmin::text = i.seen
    ORDER BY d.id FOR UPDATE OF d SKIP LOCKED),
  delta AS (
    SELECT x.agency, x.procedure, x.metric, x.day, x.n
    FROM unnest($4::uuid[], $5::varchar[], $6::varchar[], $7::varchar[], $8::date[], $9::int[]) AS x(id, agency, procedure, metric, day, n)
    WHERE x.id IN (SELECT id FROM locked)),
  days AS (
    INSERT INTO dossier_day (agency_code, procedure_code, metric, day, n)
    SELECT agency, procedure, metric, day, sum(n) FROM delta GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0 ORDER BY 1, 2, 3, 4
    ON CONFLICT (agency_code, day, procedure_code, metric) DO UPDATE SET n = dossier_day.n + EXCLUDED.n),
  months AS (
    INSERT INTO dossier_month (agency_code, procedure_code, metric, month, n)
    SELECT agency, procedure, metric, date_trunc('month', day)::date, sum(n) FROM delta GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0 ORDER BY 1, 2, 3, 4
    ON CONFLICT (agency_code, month, procedure_code, metric) DO UPDATE SET n = dossier_month.n + EXCLUDED.n),
  upd AS (
    UPDATE dossier d SET rollup_basis = l.basis, rollup_dirty = false FROM locked l WHERE d.id = l.id RETURNING d.id)
  SELECT count(*)::int AS n FROM upd`;

/**
 * Keeps `dossier_day` in step with the dossiers (design.md decision 4: rollups where a report would otherwise scan
 * millions of rows). Every dossier write marks the row dirty in its own transaction; this job applies, for each dirty
 * dossier, the difference between what it contributes now and what it contributed last time. Rows are locked with
 * SKIP LOCKED and only if unchanged since read, and the rollup rows are written in key order, so several workers
 * neither double-count nor deadlock.
 */
@Injectable()
export class RollupService implements OnModuleInit {
  constructor(
    private readonly db: Db,
    private readonly jobs: JobRunner,
    private readonly workflows: WorkflowsRef,
  ) {}

  onModuleInit(): void {
    this.jobs.register({ queue: QueueName.Reports, name: 'rollup', everyMs: 10_000, handle: () => this.apply().then(() => undefined) });
  }

  private onTimeRuleSets(): { withdrawn: string[]; stopped: string[] } {
    const rs = this.workflows.value.ruleSets;
    return {
      withdrawn: rs.filter((r) => r.withdrawnCountsAs.value === 'on_time').map((r) => r.id),
      stopped: rs.filter((r) => r.stoppedCountsAs.value === 'on_time').map((r) => r.id),
    };
  }

  /**
   * Applies every pending change; returns how many dossiers were brought up to date. Each batch is read without a
   * lock, then applied by one statement that locks only the rows still as read (same `xmin`): a row an action is
   * writing is skipped, one written since the read is left dirty, and both are taken at the next run. Row locks are
   * thus held for one statement, never across this process's event loop: under load the loop is busy, and the old
   * locking transaction (read, compute, three writes) held up to 500 dossiers for 300–450 ms, during which the actions
   * on them waited (a third to a half of the action benchmark's slowest 1%).
   */
  async apply(): Promise<number> {
    let total = 0;
    const flags = this.onTimeRuleSets();
    // One pass over the dirty rows, in id order: skipped rows wait for the next run instead of being read again.
    let after: string | null = null;
    for (;;) {
      const rows: Record<string, unknown>[] = await this.db.statement(
        `SELECT ${ROLLUP_INPUT}, d.xmin::text AS seen,
           ${feedbackAgainst('d.id')} AS has_feedback
         FROM dossier d WHERE d.rollup_dirty${after ? ' AND d.id > $1' : ''} ORDER BY d.id LIMIT ${BATCH}`,
        after ? [after] : [],
      );
      if (rows.length === 0) return total;
      after = rows[rows.length - 1].id as string;
      const bases: RollupBasis[] = [];
      // Each row's own difference, so that the statement adds only the rows it could lock.
      const delta = { id: [] as unknown[], agency: [] as string[], procedure: [] as string[], metric: [] as string[], day: [] as string[], n: [] as number[] };
      for (const r of rows) {
        const basis = basisOf(r, Boolean(r.has_feedback), flags);
        const old = jsonColumn<RollupBasis | null>(r.rollup_basis);
        bases.push(basis);
        const add = (b: RollupBasis | null, c: Contribution, sign: number): void => {
          if (!b) return;
          for (const [k, v] of c) {
            const [metric, day] = splitKey(k);
            delta.id.push(r.id);
            delta.agency.push(b.agency);
            delta.procedure.push(b.procedure);
            delta.metric.push(metric);
            delta.day.push(day);
            delta.n.push(sign * v);
          }
        };
        if (old && old.agency === basis.agency && old.procedure === basis.procedure) add(basis, difference(contributions(old), contributions(basis)), 1);
        else {
          add(old, contributions(old), -1);
          add(basis, contributions(basis), 1);
        }
      }
      const [applied] = await this.db.statement<{ n: number }>(APPLY_SQL, [
        rows.map((r) => r.id),
        rows.map((r) => r.seen),
        bases.map((b) => JSON.stringify(b)),
        delta.id,
        delta.agency,
        delta.procedure,
        delta.metric,
        delta.day,
        delta.n,
      ]);
      total += Number(applied.n);
      if (rows.length < BATCH) return total;
    }
  }

  /**
   * The counts of all the communes together for each period (the trends by month): the same sums as `countsFor`, read
   * as one row per metric and month (or day), since a total needs no commune or procedure — a year's months cost one
   * pass over the monthly rows with a plain sum, not one filtered sum per month.
   */
  async totalsFor(communes: string[], periods: { from: string; to: string }[]): Promise<Record<Measure, number>[]> {
    const points = prefixPoints(periods);
    const latest = points.reduce((m, p) => (p.monthLt > m ? p.monthLt : m), '0001-01-01');
    const ranges = points.filter((p) => p.daysFrom !== null);
    const { months, days, dirty } = await this.db.tx(async (em) => {
      await em.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const m: Record<string, unknown>[] = await em.query(
        `SELECT metric, month::text AS at, sum(n)::bigint AS n FROM dossier_month WHERE agency_code = ANY($1) AND month < $2::date GROUP BY 1, 2`,
        [communes, latest],
      );
      const d: Record<string, unknown>[] = ranges.length
        ? await em.query(
            `SELECT metric, day::text AS at, sum(n)::bigint AS n FROM dossier_day
             WHERE agency_code = ANY($1)
               AND (${ranges.map((_, i) => `(day >= $${i * 2 + 2}::date AND day <= $${i * 2 + 3}::date)`).join(' OR ')}) GROUP BY 1, 2`,
            [communes, ...ranges.flatMap((r) => [r.daysFrom, r.day])],
          )
        : [];
      return { months: m, days: d, dirty: await this.dirtyRows(em, communes) };
    });
    const prefix = new Map<string, number[]>();
    const of = (metric: string): number[] => {
      if (!prefix.has(metric)) prefix.set(metric, new Array<number>(points.length).fill(0));
      return prefix.get(metric)!;
    };
    for (const r of months) points.forEach((p, i) => (r.at as string) < p.monthLt && (of(r.metric as string)[i] += Number(r.n)));
    for (const r of days) {
      points.forEach(
        (p, i) => p.daysFrom !== null && (r.at as string) >= p.daysFrom && (r.at as string) <= p.day && (of(r.metric as string)[i] += Number(r.n)),
      );
    }
    this.correct(dirty, (_agency, _procedure, metric, day, n) => points.forEach((p, i) => day <= p.day && (of(metric)[i] += n)));
    return periods.map((period) => {
      const upTo = points.findIndex((p) => p.day === period.to);
      const before = points.findIndex((p) => p.day === dateOfDayIndex(dayIndexOfDate(period.from) - 1));
      return countsFromRollup((m) => {
        const v = prefix.get(m);
        return v ? { inRange: v[upTo] - v[before], before: v[before], upTo: v[upTo] } : { inRange: 0, before: 0, upTo: 0 };
      });
    });
  }

  /** The dossiers changed since the rollup job last ran, with what the correction needs (inside the report's snapshot). */
  private dirtyRows(
    em: { query: (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]> },
    communes: string[],
  ): Promise<Record<string, unknown>[]> {
    return em.query(
      `SELECT ${ROLLUP_INPUT}, ${feedbackAgainst('d.id')} AS has_feedback
       FROM dossier d WHERE d.rollup_dirty AND d.agency_code = ANY($1)`,
      [communes],
    );
  }

  /** Each dirty row's last applied contribution taken out and its current one put in, as (group, metric, day, ±n). */
  private correct(dirty: Record<string, unknown>[], add: (agency: string, procedure: string, metric: string, day: string, n: number) => void): void {
    const flags = this.onTimeRuleSets();
    const apply = (b: RollupBasis | null, sign: number): void => {
      if (!b) return;
      for (const [k, n] of contributions(b)) {
        const [metric, day] = splitKey(k);
        add(b.agency, b.procedure, metric, day, sign * n);
      }
    };
    for (const r of dirty) {
      apply(jsonColumn<RollupBasis | null>(r.rollup_basis), -1);
      apply(basisOf(r, Boolean(r.has_feedback), flags), 1);
    }
  }

  /** Counts per (commune, procedure) for [from, to] as the live query would count them now (see `countsFor`). */
  async counts(communes: string[], from: string, to: string): Promise<Grouped[]> {
    return (await this.countsFor(communes, [{ from, to }]))[0];
  }

  /**
   * Counts per (commune, procedure) for each period, as the live query would count them now: the rollups, corrected
   * by the dossiers changed since the rollup job last ran (each one's last applied contribution taken out and its
   * current one put in). Both are read in one snapshot, so a row the job applies meanwhile is counted once.
   * Every figure is a difference of prefix sums P(to) − P(from − 1). One statement reads every prefix sum the periods
   * need in one pass over the rows (a prefix sum is whole months, plus the days of its last month when the day is not
   * a month's end), so a year by month costs about what the year alone does.
   */
  async countsFor(communes: string[], periods: { from: string; to: string }[]): Promise<Grouped[][]> {
    const pts = prefixPoints(periods);
    const points = pts.map((p) => p.day);
    const params: unknown[] = [communes];
    const bind = (v: unknown): string => {
      params.push(v);
      return `$${params.length}::date`;
    };
    const monthCols: string[] = [];
    const dayCols: string[] = [];
    const dayRanges: string[] = [];
    const latestMonth = pts.reduce((m, p) => (p.monthLt > m ? p.monthLt : m), '0001-01-01');
    pts.forEach((p, i) => {
      monthCols.push(`sum(n) FILTER (WHERE month < ${bind(p.monthLt)}) AS p${i}`);
      if (p.daysFrom !== null) {
        const range = `day >= ${bind(p.daysFrom)} AND day <= ${bind(p.day)}`;
        dayCols.push(`sum(n) FILTER (WHERE ${range}) AS p${i}`);
        dayRanges.push(`(${range})`);
      } else dayCols.push(`NULL::bigint AS p${i}`);
    });
    const { sums, dirty } = await this.db.tx(async (em) => {
      await em.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const rows: Record<string, unknown>[] = await em.query(
        `SELECT agency_code, procedure_code, metric, ${points.map((_, i) => `sum(p${i})::bigint AS p${i}`).join(', ')} FROM (
           SELECT agency_code, procedure_code, metric, ${monthCols.join(', ')}
           FROM dossier_month WHERE agency_code = ANY($1) AND month < ${bind(latestMonth)} GROUP BY 1, 2, 3
           ${
             dayRanges.length
               ? `UNION ALL SELECT agency_code, procedure_code, metric, ${dayCols.join(', ')}
             FROM dossier_day WHERE agency_code = ANY($1) AND (${dayRanges.join(' OR ')}) GROUP BY 1, 2, 3`
               : ''
           }
         ) x GROUP BY 1, 2, 3`,
        params,
      );
      return { sums: rows, dirty: await this.dirtyRows(em, communes) };
    });
    // Prefix sums by group and metric, one value per point; then the dirty rows' corrections at every point.
    const groups = new Map<string, Map<string, number[]>>();
    const prefixOf = (agency: string, procedure: string, metric: string): number[] => {
      const g = `${agency}|${procedure}`;
      if (!groups.has(g)) groups.set(g, new Map());
      const metrics = groups.get(g)!;
      if (!metrics.has(metric)) metrics.set(metric, new Array<number>(points.length).fill(0));
      return metrics.get(metric)!;
    };
    for (const r of sums) {
      const v = prefixOf(r.agency_code as string, r.procedure_code as string, r.metric as string);
      points.forEach((_, i) => (v[i] = Number(r[`p${i}`] ?? 0)));
    }
    this.correct(dirty, (agency, procedure, metric, day, n) => {
      const v = prefixOf(agency, procedure, metric);
      points.forEach((pt, i) => {
        if (day <= pt) v[i] += n;
      });
    });
    return periods.map((p) => {
      const upTo = points.indexOf(p.to);
      const before = points.indexOf(dateOfDayIndex(dayIndexOfDate(p.from) - 1));
      const zero: MetricSums = { inRange: 0, before: 0, upTo: 0 };
      return (
        [...groups]
          .map(([g, metrics]) => {
            const [agency, procedure] = splitKey(g);
            const sumsOf = (m: string): MetricSums => {
              const v = metrics.get(m);
              return v ? { inRange: v[upTo] - v[before], before: v[before], upTo: v[upTo] } : zero;
            };
            return { agency, procedure, c: countsFromRollup(sumsOf) };
          })
          // A group with nothing received in or carried into the period has no figure at all (as in the live query).
          .filter((x) => x.c['received.total'] > 0)
      );
    });
  }
}

/** Prefix points and their month/day split: each period's last day and the day before its first. */
function prefixPoints(periods: { from: string; to: string }[]): { day: string; monthLt: string; daysFrom: string | null }[] {
  const days = [...new Set(periods.flatMap((p) => [p.to, dateOfDayIndex(dayIndexOfDate(p.from) - 1)]))];
  return days.map((day) => {
    const first = `${day.slice(0, 7)}-01`;
    const next = dateOfDayIndex(dayIndexOfDate(day) + 1);
    // A month's last day: the whole month is in the monthly table; otherwise its days up to `day` are added.
    return next.slice(8) === '01' ? { day, monthLt: next, daysFrom: null } : { day, monthLt: first, daysFrom: first };
  });
}
