import { Injectable } from '@nestjs/common';
import { Db } from '../../database/db.js';
import { AgencyDirectory } from '../agency/agency-directory.js';
import type { AuthUser } from '../auth/auth-user.js';
import { IndicatorsService } from './indicators.service.js';
import { parsePeriod } from './period.js';

/**
 * Where lateness comes from (form 06's per-step results): the internal steps finished in the period, by the unit that
 * owned them, with how many finished late. Unlike the rows by department, a dossier counts here once per step.
 */
@Injectable()
export class LateStepsService {
  constructor(
    private readonly db: Db,
    private readonly agencies: AgencyDirectory,
    private readonly indicators: IndicatorsService,
  ) {}

  async byUnit(actor: AuthUser, q: { agency?: string; from?: string; to?: string }) {
    const period = parsePeriod(q.from, q.to);
    const communes = this.indicators.communes(actor.scope, q.agency, actor.agencyCode);
    const rows: { unit: string; steps: number; late: number }[] = await this.db.read((em) =>
      em.query(
        `SELECT s.step->>'ownerCode' AS unit, count(*)::int AS steps, count(*) FILTER (WHERE s.step->>'result' = 'late')::int AS late
         FROM dossier d, jsonb_array_elements(d.state->'steps') s(step)
         WHERE d.agency_code = ANY($1) AND d.received_at < $3 AND COALESCE(d.finished_at, d.returned_at, $2) >= $2
           AND (s.step->>'finishedAt')::numeric >= $4 AND (s.step->>'finishedAt')::numeric < $5
         GROUP BY 1`,
        [communes, period.start, period.end, period.start.getTime(), period.end.getTime()],
      ),
    );
    const units = rows
      .map((r) => ({
        code: r.unit,
        name: this.agencies.get(r.unit)?.name ?? r.unit,
        steps: Number(r.steps),
        late: Number(r.late),
        lateRate: r.steps ? Math.round((r.late / r.steps) * 10000) / 100 : null,
      }))
      .sort((a, b) => b.late - a.late || a.name.localeCompare(b.name, 'vi'));
    return { from: period.from, to: period.to, units };
  }
}
