import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { conflict, forbidden, notFound, validationFailed } from '../../common/app-error.js';
import { Clock } from '../../common/clock.js';
import { formatVn, vnDate } from '../../common/vn-time.js';
import { Db } from '../../database/db.js';
import { returningRows } from '../../database/returning-rows.js';
import { WorkflowsRef } from '../../workflows/workflows-ref.js';
import { AgencyDirectory } from '../agency/agency-directory.js';
import type { AuthUser } from '../auth/auth-user.js';
import { type LoadedPlan, planYears } from '../reports/plan.schema.js';
import type { PlanTask } from './plan-tasks.schema.js';
import type { TaskProgressDto } from './plans.dto.js';
import { periodsIn } from './task-deadline.js';
import { currentInstance, type Instance, type InstanceState, instancesIn, periodKind, statusOf } from './task-status.js';

/** Roles that only read (the province's viewers, the history importer) never record progress. */
const READ_ONLY = new Set(['province_viewer', 'importer']);
const MAX_FILE = 1024 * 1024;

interface EntryRow {
  id: string;
  task_id: string;
  period: string;
  kind: string;
  note: string;
  evidence_ref: string | null;
  evidence_name: string | null;
  evidence_type: string | null;
  evidence_size: number | null;
  unit_code: string | null;
  author_name: string;
  recorded_at: Date;
}

const ENTRY_COLUMNS = `id, task_id, period, kind, note, evidence_ref, evidence_name, evidence_type,
  octet_length(evidence_data) AS evidence_size, unit_code, author_name, recorded_at`;

const stateKey = (task: string, period: string): string => `${task}|${period}`;

/** The plan's tasks as the units follow them: status, progress entries with their evidence, who may record. */
@Injectable()
export class PlanTasksService {
  constructor(
    private readonly workflows: WorkflowsRef,
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly agencies: AgencyDirectory,
  ) {}

  today(): string {
    return vnDate(this.clock.now());
  }

  /** The commune's plan covering `year` (a department's code stands for its commune); null when it has none. */
  planOf(actor: AuthUser, q: { agency?: string; year?: string }): { commune: string; year: number; plan: LoadedPlan | null } {
    const asked = q.agency ?? actor.agencyCode;
    if (!asked) throw validationFailed([{ field: 'agency', message: 'cần chọn xã/phường' }]);
    const unit = this.agencies.get(asked);
    if (!unit || unit.level === 'province') throw validationFailed([{ field: 'agency', message: 'kế hoạch CCHC gắn với một xã/phường' }]);
    const commune = unit.level === 'department' ? unit.communeCode! : unit.code;
    if (!actor.scope.canSee(commune)) throw notFound('xã/phường', asked);
    const year = q.year ? Number(q.year) : Number(this.today().slice(0, 4));
    const plan =
      this.workflows.value.plans.find((p) => {
        const [a, b] = planYears(p);
        return p.agencyCode === commune && a <= year && year <= b && p.planTasks.length > 0;
      }) ?? null;
    return { commune, year, plan };
  }

  private planById(actor: AuthUser, planId: string): LoadedPlan {
    const plan = this.workflows.value.plans.find((p) => p.id === planId && p.planTasks.length > 0);
    if (!plan || !actor.scope.canSee(plan.agencyCode)) throw notFound('kế hoạch', planId);
    return plan;
  }

  private taskOf(plan: LoadedPlan, taskId: string): PlanTask {
    const task = plan.planTasks.find((t) => t.id === taskId);
    if (!task) throw notFound('nhiệm vụ', taskId);
    return task;
  }

  /** The plan's unit keys this officer belongs to: their department's, and "every unit of the commune". */
  unitsOf(actor: AuthUser, plan: LoadedPlan): string[] {
    if (!actor.agencyCode) return [];
    const mine = this.agencies.get(actor.agencyCode);
    const inCommune = mine?.code === plan.agencyCode || mine?.communeCode === plan.agencyCode;
    return Object.entries(plan.units ?? {})
      .filter(([, u]) => u.agency === actor.agencyCode || (u.agency === plan.agencyCode && inCommune))
      .map(([k]) => k);
  }

  /** Lead units record their tasks; the coordinating unit records any (and for units outside the agency tree). */
  mayRecord(actor: AuthUser, plan: LoadedPlan, task: PlanTask): boolean {
    if (actor.roles.every((r) => READ_ONLY.has(r))) return false;
    const mine = this.unitsOf(actor, plan);
    return mine.some((u) => task.lead.includes(u) || u === plan.coordinator);
  }

  unitName(plan: LoadedPlan, key: string): string {
    return plan.units?.[key]?.name ?? key;
  }

  async states(em: Pick<EntityManager, 'query'>, planId: string): Promise<Map<string, InstanceState & { version: number }>> {
    const rows: { task_id: string; period: string; status: 'in_progress' | 'done'; done_on: string | null; version: number }[] = await em.query(
      `SELECT task_id, period, status, to_char(done_on, 'YYYY-MM-DD') AS done_on, version FROM plan_task_state WHERE plan_id = $1`,
      [planId],
    );
    return new Map(rows.map((r) => [stateKey(r.task_id, r.period), { status: r.status, doneOn: r.done_on, version: Number(r.version) }]));
  }

  private entries(em: Pick<EntityManager, 'query'>, planId: string, taskId: string): Promise<EntryRow[]> {
    return em.query(`SELECT ${ENTRY_COLUMNS} FROM plan_task_entry WHERE plan_id = $1 AND task_id = $2 ORDER BY id`, [planId, taskId]);
  }

  /** Each task's latest entry and how many it has: the plan page reads no more than that. */
  private latest(em: Pick<EntityManager, 'query'>, planId: string): Promise<(EntryRow & { entries: number })[]> {
    return em.query(
      `SELECT DISTINCT ON (task_id) ${ENTRY_COLUMNS}, count(*) OVER (PARTITION BY task_id)::int AS entries
       FROM plan_task_entry WHERE plan_id = $1 ORDER BY task_id, id DESC`,
      [planId],
    );
  }

  private entryView(e: EntryRow) {
    return {
      id: Number(e.id),
      period: e.period || null,
      kind: e.kind,
      note: e.note,
      evidenceRef: e.evidence_ref,
      evidenceFile: e.evidence_name ? { name: e.evidence_name, type: e.evidence_type!, size: Number(e.evidence_size) } : null,
      unit: e.unit_code ? (this.agencies.get(e.unit_code)?.name ?? e.unit_code) : null,
      authorName: e.author_name,
      recordedAt: formatVn(e.recorded_at),
    };
  }

  taskView(plan: LoadedPlan, task: PlanTask, states: Map<string, InstanceState>, year: number, today: string, actor: AuthUser) {
    const unit = (k: string) => ({ key: k, name: this.unitName(plan, k), agency: plan.units?.[k]?.agency ?? null });
    const inst = (i: Instance) => ({ period: i.period || null, due: i.due, status: statusOf(i, states.get(stateKey(task.id, i.period)), today) });
    const cur = currentInstance(plan, task, today);
    const curState = states.get(stateKey(task.id, cur.period));
    return {
      id: task.id,
      section: task.section,
      content: task.content,
      product: task.product,
      lead: task.lead.map(unit),
      cooperating: task.cooperating.map(unit),
      deadline: { text: task.deadline.text, kind: task.deadline.kind, note: task.deadline.note },
      periodKind: periodKind(task),
      assumed: task.assumed,
      line: task.line,
      current: { ...inst(cur), doneOn: curState?.doneOn ?? null },
      instances: periodKind(task) === 'once' ? [] : instancesIn(plan, task, `${year}-01-01`, `${year}-12-31`).map(inst),
      canRecord: this.mayRecord(actor, plan, task),
    };
  }

  private planHead(plan: LoadedPlan) {
    return {
      id: plan.id,
      title: plan.plan,
      years: planYears(plan),
      source: plan.tasksSource ?? null,
      coordinator: plan.coordinator ? { key: plan.coordinator, name: this.unitName(plan, plan.coordinator) } : null,
      sections: (plan.sections ?? []).map((s) => ({ id: s.id, title: s.title, leadSource: s.leadSource ?? null })),
      units: Object.entries(plan.units ?? {}).map(([key, u]) => ({ key, name: u.name, agency: u.agency ?? null })),
    };
  }

  /** The plan page: every task with where it stands today, its latest entry, and what this officer may do. */
  async overview(actor: AuthUser, q: { agency?: string; year?: string }) {
    const { commune, year, plan } = this.planOf(actor, q);
    const today = this.today();
    const base = { agency: commune, agencyName: this.agencies.get(commune)?.name ?? commune, year, today };
    if (!plan) return { ...base, plan: null, myUnits: [], tasks: [], summary: { not_started: 0, in_progress: 0, done: 0, overdue: 0 } };
    const [states, latest] = await this.db.read(async (em) => [await this.states(em, plan.id), await this.latest(em, plan.id)] as const);
    const last = new Map(latest.map((e) => [e.task_id, e]));
    const tasks = plan.planTasks.map((t) => {
      const e = last.get(t.id);
      return { ...this.taskView(plan, t, states, year, today, actor), lastEntry: e ? this.entryView(e) : null, entries: e?.entries ?? 0 };
    });
    const summary = { not_started: 0, in_progress: 0, done: 0, overdue: 0 };
    for (const t of tasks) summary[t.current.status]++;
    return { ...base, plan: this.planHead(plan), myUnits: this.unitsOf(actor, plan), tasks, summary };
  }

  /** One task with all its entries. */
  async task(actor: AuthUser, planId: string, taskId: string) {
    const plan = this.planById(actor, planId);
    const task = this.taskOf(plan, taskId);
    const today = this.today();
    const [states, entries] = await this.db.read(async (em) => [await this.states(em, plan.id), await this.entries(em, plan.id, task.id)] as const);
    return {
      planId: plan.id,
      ...this.taskView(plan, task, states, Number(today.slice(0, 4)), today, actor),
      entries: entries.map((e) => this.entryView(e)),
    };
  }

  /** The instance a write is about: work done once has none; a periodic task's period is one of the plan's, not ahead. */
  private periodFor(plan: LoadedPlan, task: PlanTask, asked: string | undefined, today: string): string {
    const kind = periodKind(task);
    if (kind === 'once') {
      if (asked) throw validationFailed([{ field: 'period', message: 'nhiệm vụ thực hiện một lần không ghi theo kỳ' }]);
      return '';
    }
    const current = currentInstance(plan, task, today).period;
    const period = asked ?? current;
    const [y0, y1] = planYears(plan);
    if (!periodsIn(kind, `${y0}-01-01`, `${y1}-12-31`).includes(period)) {
      throw validationFailed([
        { field: 'period', message: kind === 'year' ? 'kỳ là một năm của kế hoạch (ví dụ 2026)' : 'kỳ là một quý của kế hoạch (ví dụ 2026-Q2)' },
      ]);
    }
    if (period > current) throw validationFailed([{ field: 'period', message: 'chưa đến kỳ này' }]);
    return period;
  }

  /**
   * Records progress, completion or reopening, with its note and evidence, in one transaction. Marking done twice
   * (two officers at once) lets one win; the other gets 409. An ongoing task's entry is its period's report, so it
   * marks the period done.
   */
  async record(actor: AuthUser, planId: string, taskId: string, dto: TaskProgressDto) {
    const plan = this.planById(actor, planId);
    const task = this.taskOf(plan, taskId);
    if (!this.mayRecord(actor, plan, task)) throw forbidden('Chỉ đơn vị chủ trì nhiệm vụ hoặc đơn vị theo dõi kế hoạch được cập nhật tiến độ.');
    const today = this.today();
    const period = this.periodFor(plan, task, dto.period, today);
    const kind = dto.kind ?? 'progress';
    const note = dto.note.trim();
    if (note.length < 3) throw validationFailed([{ field: 'note', message: 'ghi nội dung đã thực hiện (ít nhất 3 ký tự)' }]);
    const marksDone = kind === 'done' || (kind === 'progress' && task.deadline.kind === 'ongoing');
    const doneOn = dto.doneOn ?? today;
    if (dto.doneOn && !marksDone) throw validationFailed([{ field: 'doneOn', message: 'ngày hoàn thành chỉ ghi khi đánh dấu hoàn thành' }]);
    if (doneOn > today) throw validationFailed([{ field: 'doneOn', message: 'ngày hoàn thành không được sau hôm nay' }]);
    if (doneOn < `${planYears(plan)[0] - 1}-01-01`) throw validationFailed([{ field: 'doneOn', message: 'ngày hoàn thành trước thời gian của kế hoạch' }]);
    let file: Buffer | null = null;
    if (dto.evidenceFile) {
      file = Buffer.from(dto.evidenceFile.content, 'base64');
      if (file.length === 0 || file.length > MAX_FILE) {
        throw validationFailed([{ field: 'evidenceFile.content', message: 'tệp minh chứng từ 1 byte đến 1 MB' }]);
      }
    }
    const now = this.clock.now();
    const unitCode = actor.agencyCode;
    const id = await this.db.tx(async (em) => {
      if (marksDone) {
        const won = returningRows(
          await em.query(
            `INSERT INTO plan_task_state (plan_id, task_id, period, status, done_on, updated_at) VALUES ($1, $2, $3, 'done', $4, $5)
           ON CONFLICT (plan_id, task_id, period) DO UPDATE SET status = 'done', done_on = EXCLUDED.done_on, version = plan_task_state.version + 1,
             updated_at = EXCLUDED.updated_at
           WHERE plan_task_state.status <> 'done' RETURNING version`,
            [plan.id, task.id, period, doneOn, now],
          ),
        );
        if (won.length === 0 && kind === 'done') throw conflict('TASK_ALREADY_DONE', 'Nhiệm vụ đã được đánh dấu hoàn thành.');
      } else if (kind === 'reopen') {
        const won = returningRows(
          await em.query(
            `UPDATE plan_task_state SET status = 'in_progress', done_on = NULL, version = version + 1, updated_at = $4
           WHERE plan_id = $1 AND task_id = $2 AND period = $3 AND status = 'done' RETURNING version`,
            [plan.id, task.id, period, now],
          ),
        );
        if (won.length === 0) throw conflict('TASK_NOT_DONE', 'Nhiệm vụ chưa hoàn thành nên không mở lại được.');
      } else {
        await em.query(
          `INSERT INTO plan_task_state (plan_id, task_id, period, status, updated_at) VALUES ($1, $2, $3, 'in_progress', $4)
           ON CONFLICT (plan_id, task_id, period) DO NOTHING`,
          [plan.id, task.id, period, now],
        );
      }
      const rows: { id: string }[] = await em.query(
        `INSERT INTO plan_task_entry (plan_id, task_id, period, kind, note, evidence_ref, evidence_name, evidence_type, evidence_data,
                                      unit_code, author_id, author_name, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
        [
          plan.id,
          task.id,
          period,
          kind,
          note,
          dto.evidenceRef?.trim() || null,
          dto.evidenceFile?.name.replace(/[\\/\r\n"]/g, '_') ?? null,
          dto.evidenceFile?.type ?? null,
          file,
          unitCode,
          actor.id,
          actor.fullName,
          now,
        ],
      );
      return Number(rows[0].id);
    });
    return { ...(await this.task(actor, planId, taskId)), recorded: id };
  }

  /** An entry's evidence file, for whoever may see the plan. */
  async evidence(actor: AuthUser, planId: string, entryId: string): Promise<{ name: string; type: string; data: Buffer }> {
    const plan = this.planById(actor, planId);
    if (!/^\d{1,18}$/.test(entryId)) throw notFound('minh chứng', entryId);
    const rows: { evidence_name: string | null; evidence_type: string; evidence_data: Buffer | Uint8Array }[] = await this.db.read((em) =>
      em.query(`SELECT evidence_name, evidence_type, evidence_data FROM plan_task_entry WHERE plan_id = $1 AND id = $2`, [plan.id, entryId]),
    );
    const r = rows[0];
    if (!r?.evidence_name) throw notFound('minh chứng', entryId);
    return { name: r.evidence_name, type: r.evidence_type, data: Buffer.from(r.evidence_data) };
  }
}
