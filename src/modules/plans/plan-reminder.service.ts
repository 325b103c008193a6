import { Injectable, OnModuleInit } from '@nestjs/common';
import { Clock } from '../../common/clock.js';
import { dmyText, vnDate } from '../../common/vn-time.js';
import { AppConfig } from '../../config/app-config.js';
import { Db } from '../../database/db.js';
import { returningRows } from '../../database/returning-rows.js';
import { JobRunner } from '../../queue/job-runner.js';
import { QueueName } from '../../queue/queue-names.js';
import { WorkflowsRef } from '../../workflows/workflows-ref.js';
import { NotificationService } from '../notification/notification.service.js';
import { type NotificationMessage, writeOutbox } from '../notification/outbox.js';
import { type LoadedPlan, planYears } from '../reports/plan.schema.js';
import { PlanTasksService } from './plan-tasks.service.js';
import { addDays } from './task-deadline.js';
import { instancesIn } from './task-status.js';

const DEFAULT_DAYS_BEFORE = 7;

/**
 * Reminders of the plan's tasks (issue 27), a job run with the deadline sweep: once when an open task comes within
 * the plan's `remindDaysBefore` days (7) of its last day, once when that day has passed. They go to the lead units in
 * the agency tree and to the unit that follows the plan, through the notifications' outbox, one message per unit listing
 * its tasks. Each is claimed by inserting its row in plan_task_reminder, so several workers never send one twice.
 */
@Injectable()
export class PlanReminderService implements OnModuleInit {
  constructor(
    private readonly workflows: WorkflowsRef,
    private readonly tasks: PlanTasksService,
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly notifications: NotificationService,
    private readonly jobs: JobRunner,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.register({
      queue: QueueName.Deadlines,
      name: 'plan-task-reminders',
      everyMs: this.config.sweepEveryMs,
      handle: () => this.remind().then(() => undefined),
    });
  }

  /** Sends the reminders due today; returns how many messages were written. */
  async remind(): Promise<number> {
    const today = vnDate(this.clock.now());
    const year = Number(today.slice(0, 4));
    let sent = 0;
    for (const plan of this.workflows.value.plans) {
      const [y0, y1] = planYears(plan);
      if (plan.planTasks.length === 0 || year < y0 || year > y1) continue;
      sent += await this.remindPlan(plan, today);
    }
    if (sent) this.notifications.kick();
    return sent;
  }

  private async remindPlan(plan: LoadedPlan, today: string): Promise<number> {
    const soon = addDays(today, plan.remindDaysBefore ?? DEFAULT_DAYS_BEFORE);
    const year = today.slice(0, 4);
    return this.db.tx(async (em) => {
      const states = await this.tasks.states(em, plan.id);
      const known: { task_id: string; period: string; kind: string }[] = await em.query(
        'SELECT task_id, period, kind FROM plan_task_reminder WHERE plan_id = $1',
        [plan.id],
      );
      const sentBefore = new Set(known.map((r) => `${r.task_id}|${r.period}|${r.kind}`));
      // One message per unit and kind, however many tasks it names: an ongoing plan's quarter would otherwise fill the bell.
      const told = new Map<string, { agencyCode: string; kind: 'due_soon' | 'overdue'; lines: string[]; first: string }>();
      for (const task of plan.planTasks) {
        for (const inst of instancesIn(plan, task, `${year}-01-01`, `${year}-12-31`)) {
          if (inst.due === null || states.get(`${task.id}|${inst.period}`)?.status === 'done') continue;
          // A task whose last day passed before we first looked is only told as overdue, not as coming.
          const kind = today > inst.due ? 'overdue' : inst.due <= soon ? 'due_soon' : null;
          if (!kind || sentBefore.has(`${task.id}|${inst.period}|${kind}`)) continue;
          const claimed = returningRows(
            await em.query(
              `INSERT INTO plan_task_reminder (plan_id, task_id, period, kind, sent_at) VALUES ($1, $2, $3, $4, $5)
               ON CONFLICT DO NOTHING RETURNING 1`,
              [plan.id, task.id, inst.period, kind, this.clock.now()],
            ),
          );
          if (claimed.length === 0) continue;
          const lead = task.lead.map((u) => this.tasks.unitName(plan, u)).join('; ');
          const line = `${task.id} (hạn ${dmyText(inst.due)}${inst.period ? `, kỳ ${inst.period}` : ''}): ${task.content.slice(0, 200)} — Chủ trì: ${lead}.`;
          const first = `Nhiệm vụ ${task.id} ${kind === 'overdue' ? 'đã quá hạn' : 'sắp đến hạn'} (${dmyText(inst.due)})`;
          for (const u of new Set([...task.lead, ...(plan.coordinator ? [plan.coordinator] : [])])) {
            const agencyCode = plan.units?.[u]?.agency;
            if (!agencyCode) continue;
            const group = told.get(`${agencyCode}|${kind}`) ?? { agencyCode, kind, lines: [], first };
            group.lines.push(line);
            told.set(`${agencyCode}|${kind}`, group);
          }
        }
      }
      const messages: NotificationMessage[] = [...told.values()].map((g) => ({
        kind: `plan_task_${g.kind}`,
        dossierId: null,
        agencyCode: g.agencyCode,
        audience: 'staff',
        recipient: null,
        subject: `[Kế hoạch CCHC] ${g.lines.length === 1 ? g.first : `${g.lines.length} nhiệm vụ ${g.kind === 'overdue' ? 'đã quá hạn' : 'sắp đến hạn'}`}`,
        body: g.lines.join('\n'),
      }));
      await writeOutbox(em, messages);
      return messages.length;
    });
  }
}
