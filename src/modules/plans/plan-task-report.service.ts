import { Injectable } from '@nestjs/common';
import { validationFailed } from '../../common/app-error.js';
import { Db } from '../../database/db.js';
import type { AuthUser } from '../auth/auth-user.js';
import { PlanReportService } from '../reports/plan-report.service.js';
import { AgencyDirectory } from '../agency/agency-directory.js';
import { PlanTasksService } from './plan-tasks.service.js';
import { quarterBounds } from './task-deadline.js';
import { instancesIn, type Outcome, outcomeOf, periodKind } from './task-status.js';

export const OUTCOMES: Outcome[] = ['done_on_time', 'done_late', 'not_done', 'not_due', 'no_deadline'];
export type Counts = Record<Outcome, number> & { total: number };
const zero = (): Counts => ({ done_on_time: 0, done_late: 0, not_done: 0, not_due: 0, no_deadline: 0, total: 0 });
const ROMAN = ['', 'I', 'II', 'III', 'IV'];

export type PlanTaskReport = Awaited<ReturnType<PlanTaskReportService['report']>>;

/**
 * The commune's report on its plan for a quarter or a year (issue 27): each task counted as done on time, done late,
 * not done (its last day passed), not yet due, or without a date, by section and by lead unit, with the plan's
 * indicator targets (met / not met / not measured) measured from the start of the year.
 *
 * A quarter's report counts the instances due in the quarter, the work done once that was finished in it, and every
 * piece of work done once that is still open (an earlier quarter's unfinished task stays in the report until done).
 */
@Injectable()
export class PlanTaskReportService {
  constructor(
    private readonly tasks: PlanTasksService,
    private readonly targets: PlanReportService,
    private readonly db: Db,
    private readonly agencies: AgencyDirectory,
  ) {}

  async report(actor: AuthUser, q: { agency?: string; period: string }) {
    const year = q.period.slice(0, 4);
    const { commune, plan } = this.tasks.planOf(actor, { agency: q.agency, year });
    if (!plan) throw validationFailed([{ field: 'period', message: `xã/phường không có kế hoạch CCHC có nhiệm vụ cho năm ${year}` }]);
    const { from, to } = quarterBounds(q.period);
    const today = this.tasks.today();
    const states = await this.db.read((em) => this.tasks.states(em, plan.id));
    const lastNotes: { task_id: string; period: string; note: string; evidence_ref: string | null; evidence_name: string | null }[] = await this.db.read((em) =>
      em.query(
        `SELECT DISTINCT ON (task_id, period) task_id, period, note, evidence_ref, evidence_name FROM plan_task_entry
         WHERE plan_id = $1 ORDER BY task_id, period, id DESC`,
        [plan.id],
      ),
    );
    const noteOf = new Map(lastNotes.map((n) => [`${n.task_id}|${n.period}`, n]));
    const sectionTitle = new Map((plan.sections ?? []).map((s) => [s.id, s.title]));

    const rows = plan.planTasks.flatMap((task) =>
      instancesIn(plan, task, from, to)
        .filter((inst) => {
          if (periodKind(task) !== 'once') return true;
          const st = states.get(`${task.id}|`);
          // Work done once: open, due in the period, or finished in it.
          return st?.status !== 'done' || (inst.due !== null && inst.due >= from && inst.due <= to) || (st.doneOn! >= from && st.doneOn! <= to);
        })
        .map((inst) => {
          const st = states.get(`${task.id}|${inst.period}`);
          const n = noteOf.get(`${task.id}|${inst.period}`);
          const outcome = outcomeOf(inst, st, today);
          return {
            id: task.id,
            section: task.section,
            content: task.content,
            product: task.product,
            lead: task.lead.map((u) => this.tasks.unitName(plan, u)),
            leadKeys: task.lead,
            deadline: task.deadline.text,
            period: inst.period || null,
            due: inst.due,
            outcome,
            doneOn: st?.status === 'done' ? st.doneOn : null,
            carriedOver: periodKind(task) === 'once' && outcome === 'not_done' && inst.due !== null && inst.due < from,
            note: n?.note ?? null,
            evidence: [n?.evidence_ref, n?.evidence_name].filter(Boolean).join('; ') || null,
          };
        }),
    );

    const summary = zero();
    const bySection = new Map<string, Counts>();
    const byUnit = new Map<string, Counts>();
    const add = (c: Counts, o: Outcome): void => {
      c[o]++;
      c.total++;
    };
    for (const r of rows) {
      add(summary, r.outcome);
      if (!bySection.has(r.section)) bySection.set(r.section, zero());
      add(bySection.get(r.section)!, r.outcome);
      for (const u of r.leadKeys) {
        if (!byUnit.has(u)) byUnit.set(u, zero());
        add(byUnit.get(u)!, r.outcome);
      }
    }
    const planTargets = await this.targets.report(actor, { agency: commune, year });
    const mine = planTargets.plans.find((p) => p.plan === plan.plan);
    const agency = this.agencies.get(commune);
    return {
      agency: commune,
      agencyName: agency?.name ?? commune,
      province: agency ? (this.agencies.get(agency.provinceCode)?.name ?? agency.provinceCode) : '',
      plan: { id: plan.id, title: plan.plan },
      period: q.period,
      periodLabel: q.period.length === 4 ? `năm ${year}` : `quý ${ROMAN[Number(q.period.slice(6))]} năm ${year}`,
      from,
      to,
      asOf: today,
      summary,
      bySection: [...bySection].map(([id, c]) => ({ id, title: sectionTitle.get(id) ?? id, ...c })),
      byUnit: [...byUnit].map(([key, c]) => ({ key, name: this.tasks.unitName(plan, key), ...c })),
      tasks: rows.map(({ leadKeys: _keys, ...r }) => r),
      targets: {
        asOf: planTargets.asOf,
        items: (mine?.targets ?? []).map((t) => ({ text: t.text, op: t.op, target: t.target, actual: t.actual, status: t.status, reason: t.reason })),
        notMeasured: (mine?.notMeasured ?? []).map((n) => n.text),
      },
    };
  }
}
