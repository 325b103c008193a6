import { Injectable, OnModuleInit } from '@nestjs/common';
import { Db } from '../../database/db.js';
import { dateOfDayIndex, dayIndexOfDate } from '../calendar/vn-time.js';
import { JobRunner } from '../../queue/job-runner.js';
import { QueueName } from '../../queue/queue-names.js';
import { WorkflowsRef } from '../../workflow-engine/workflows-ref.js';
import type { Measure } from './indicator-measures.js';
import { basisOf, ROLLUP_INPUT, type Contribution, contributions, countsFromRollup, difference, type MetricSums, type RollupBasis, splitKey } from './rollup.js';

const BATCH = 500;

/**
 * Keeps `dossier_day` in step with the dossiers (design.md decision 4: rollups where a report would otherwise scan
 * millions of rows). Every dossier write marks the row dirty in its own transaction; this job applies, for each dirty
 * dossier, the difference between what it contributes now and what it contributed last time. Rows are claimed with
 * SKIP LOCKED and the rollup rows are written in key order, so several workers neither double-count nor deadlock.
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

  /** Applies every pending change; returns how many dossiers were brought up to date. */
  async apply(): Promise<number> {
    let total = 0;
    const flags = this.onTimeRuleSets();
    for (;;) {
      const n = await this.db.tx(async (em) => {
        const rows: Record<string, unknown>[] = await em.query(
          `SELECT ${ROLLUP_INPUT}, EXISTS (SELECT 1 FROM feedback f WHERE f.dossier_id = d.id AND f.status <> 'out_of_scope') AS has_feedback
           FROM dossier d WHERE d.rollup_dirty ORDER BY d.id LIMIT ${BATCH} FOR UPDATE OF d SKIP LOCKED`,
        );
        if (rows.length === 0) return 0;
        const deltas = new Map<string, number>();
        const bases: RollupBasis[] = [];
        for (const r of rows) {
          const basis = basisOf(r, Boolean(r.has_feedback), flags);
          const old = (typeof r.rollup_basis === 'string' ? JSON.parse(r.rollup_basis) : r.rollup_basis) as RollupBasis | null;
          bases.push(basis);
          const add = (b: RollupBasis | null, c: Contribution, sign: number): void => {
            if (!b) return;
            for (const [k, v] of c) {
              const full = `${b.agency}|${b.procedure}|${k}`;
              deltas.set(full, (deltas.get(full) ?? 0) + sign * v);
            }
          };
          if (old && old.agency === basis.agency && old.procedure === basis.procedure) add(basis, difference(contributions(old), contributions(basis)), 1);
          else {
            add(old, contributions(old), -1);
            add(basis, contributions(basis), 1);
          }
        }
        // The same deltas by month (day → first of its month).
        const monthly = new Map<string, number>();
        for (const [k, v] of deltas) {
          const m = k.slice(0, -2) + '01';
          monthly.set(m, (monthly.get(m) ?? 0) + v);
        }
        for (const [table, column, map] of [['dossier_day', 'day', deltas], ['dossier_month', 'month', monthly]] as const) {
          const keys = [...map.keys()].filter((k) => map.get(k) !== 0).sort();
          if (keys.length === 0) continue;
          const parts = keys.map((k) => k.split('|'));
          await em.query(
            `INSERT INTO ${table} (agency_code, procedure_code, metric, ${column}, n)
             SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::date[], $5::int[])
             ON CONFLICT (agency_code, ${column}, procedure_code, metric) DO UPDATE SET n = ${table}.n + EXCLUDED.n`,
            [parts.map((p) => p[0]), parts.map((p) => p[1]), parts.map((p) => p[2]), parts.map((p) => p[3]), keys.map((k) => map.get(k))],
          );
        }
        await em.query(
          `UPDATE dossier d SET rollup_basis = u.basis, rollup_dirty = false
           FROM unnest($1::uuid[], $2::jsonb[]) AS u(id, basis) WHERE d.id = u.id`,
          [rows.map((r) => r.id), bases.map((b) => JSON.stringify(b))],
        );
        return rows.length;
      });
      total += n;
      if (n < BATCH) return total;
    }
  }

  /**
   * Counts per (commune, procedure) for [from, to] from the rollups (same shape as the live query). Every figure is
   * a difference of prefix sums P(to) − P(from − 1); a prefix sum reads whole months, plus the days of its last
   * month when the day is not a month's end — so a year or a quarter reads only monthly rows.
   */
  async counts(communes: string[], from: string, to: string): Promise<{ agency: string; procedure: string; c: Record<Measure, number> }[]> {
    const prefix = (d: string): { monthLt: string; days: [string, string] } => {
      const first = `${d.slice(0, 7)}-01`;
      const next = dateOfDayIndex(dayIndexOfDate(d) + 1);
      // A month's last day: the whole month is in the monthly table.
      if (next.slice(8) === '01') return { monthLt: next, days: ['9999-01-01', '0001-01-01'] };
      return { monthLt: first, days: [first, d] };
    };
    const pb = prefix(to);
    const pa = prefix(dateOfDayIndex(dayIndexOfDate(from) - 1));
    const rows: Record<string, unknown>[] = await this.db.read((em) =>
      em.query(
        `SELECT agency_code, procedure_code, metric, COALESCE(sum(pb), 0)::int AS up_to, COALESCE(sum(pa), 0)::int AS before FROM (
           SELECT agency_code, procedure_code, metric, CASE WHEN month < $2::date THEN n ELSE 0 END AS pb, CASE WHEN month < $3::date THEN n ELSE 0 END AS pa
           FROM dossier_month WHERE agency_code = ANY($1) AND month < GREATEST($2::date, $3::date)
           UNION ALL
           SELECT agency_code, procedure_code, metric,
                  CASE WHEN day >= $4::date AND day <= $5::date THEN n ELSE 0 END, CASE WHEN day >= $6::date AND day <= $7::date THEN n ELSE 0 END
           FROM dossier_day WHERE agency_code = ANY($1) AND ((day >= $4::date AND day <= $5::date) OR (day >= $6::date AND day <= $7::date))
         ) x GROUP BY agency_code, procedure_code, metric`,
        [communes, pb.monthLt, pa.monthLt, pb.days[0], pb.days[1], pa.days[0], pa.days[1]],
      ),
    );
    const groups = new Map<string, Map<string, MetricSums>>();
    for (const r of rows) {
      const g = `${r.agency_code as string}|${r.procedure_code as string}`;
      if (!groups.has(g)) groups.set(g, new Map());
      groups.get(g)!.set(r.metric as string, { inRange: Number(r.up_to) - Number(r.before), before: Number(r.before), upTo: Number(r.up_to) });
    }
    const zero: MetricSums = { inRange: 0, before: 0, upTo: 0 };
    return (
      [...groups]
        .map(([g, metrics]) => {
          const [agency, procedure] = splitKey(g);
          return { agency, procedure, c: countsFromRollup((m) => metrics.get(m) ?? zero) };
        })
        // A group with nothing received in or carried into the period has no figure at all (as in the live query).
        .filter((x) => x.c['received.total'] > 0)
    );
  }
}
