import { Injectable } from '@nestjs/common';
import { notFound } from '../../common/app-error.js';
import { Clock } from '../../common/clock.js';
import { Db } from '../../database/db.js';
import { ruleSetFor } from '../../workflow-engine/rule-set.js';
import { WorkflowsRef } from '../../workflows/workflows-ref.js';
import { proposeYear } from '../calendar/calendar-proposal.js';
import { formatVn } from '../../common/vn-time.js';
import { ProcedureVersionEntity } from '../catalog/procedure-version.entity.js';

/**
 * What the administrator checks (issue 23): the calendars by year with what is unconfirmed and next year's proposal
 * beside the current data, the rule sets and which is in force, and each procedure's published definition versions.
 * The data lives in `workflows/` (changed by a reviewed commit, not by a form): these reads show it.
 */
@Injectable()
export class AdminService {
  constructor(
    private readonly workflows: WorkflowsRef,
    private readonly clock: Clock,
    private readonly db: Db,
  ) {}

  calendars() {
    return {
      items: [...this.workflows.value.calendars].map(([name, years]) => ({
        name,
        years: years.map((y) => ({ year: y.year, note: y.note ?? null, days: y.days, unconfirmed: y.days.filter((d) => !d.confirmed).length })),
      })),
    };
  }

  proposal(name: string, yearAsked: number | undefined) {
    const years = this.workflows.value.calendars.get(name);
    if (!years) throw notFound('lịch', name);
    const year = yearAsked ?? Number(formatVn(this.clock.now()).slice(0, 4)) + 1;
    const current = years.find((y) => y.year === year);
    return { name, year, proposed: proposeYear(year), current: current ? current.days : null };
  }

  ruleSets() {
    const rs = this.workflows.value.ruleSets;
    return { inForce: ruleSetFor(rs, this.clock.now()).id, items: rs };
  }

  async versions(code: string) {
    // Through the unit of work (embedded mode has one database session), with the entity's repository.
    const rows = await this.db.read((em) => em.getRepository(ProcedureVersionEntity).find({ where: { code }, order: { version: 'DESC' } }));
    if (rows.length === 0) throw notFound('thủ tục', code);
    const current = this.workflows.value.procedures.find((p) => p.definition.code === code)?.definition.definitionVersion ?? null;
    return {
      code,
      current,
      items: rows.map((r) => {
        const def = r.definition as { deadline: unknown; steps: unknown[]; fee: unknown };
        return {
          version: r.version,
          hash: r.hash,
          name: r.name,
          publishedAt: formatVn(r.publishedAt),
          deadline: def.deadline,
          fee: def.fee,
          steps: def.steps,
        };
      }),
    };
  }
}
