import { Injectable, OnModuleInit } from '@nestjs/common';
import { Clock } from '../../common/clock.js';
import { AppConfig } from '../../config/app-config.js';
import { Db } from '../../database/db.js';
import { returningRows } from '../../database/returning-rows.js';
import { JobRunner } from '../../queue/job-runner.js';
import { QueueName } from '../../queue/queue-names.js';
import { AgencyDirectory } from '../agency/agency-directory.js';
import { NotificationService } from '../notification/notification.service.js';
import { type NotificationMessage, writeOutbox } from '../notification/outbox.js';
import { formatVn } from '../../common/vn-time.js';
import { jsonColumn } from '../../database/json-column.js';
import { type FeedbackRow, iso, staffMessage } from './feedback-view.js';

/** The feedback's early warnings, a job run with the deadline sweep. */
@Injectable()
export class FeedbackWarningService implements OnModuleInit {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly agencies: AgencyDirectory,
    private readonly notifications: NotificationService,
    private readonly jobs: JobRunner,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.register({
      queue: QueueName.Deadlines,
      name: 'feedback-warnings',
      everyMs: this.config.sweepEveryMs,
      handle: () => this.warn().then(() => undefined),
    });
  }

  /**
   * Early warnings (run with the deadline sweep): before the total limit, and before the classification's and the
   * forwarding's own limits (issue 24). Each item is claimed once per warning by setting its mark in the same
   * statement, so several workers never warn twice; the unit handling it (or the centre) is told.
   */
  async warn(): Promise<number> {
    const now = this.clock.now();
    const centre = (commune: string): string => this.agencies.departmentOfKind(commune, 'centre')?.code ?? commune;
    const total = await this.claim(now, 'warned_at', 'warn_at', (r) =>
      staffMessage(
        (r.unit_code as string | null) ?? centre(r.agency_code),
        'feedback_warning',
        `[${r.code}] Phản ánh sắp đến hạn`,
        `Hạn trả lời và công khai: ${iso(r.due_at)?.slice(0, 16)} — ${r.subject as string}`,
      ),
    );
    const steps = await this.claim(now, 'step_warned_at', 'step_warn_at', (r) => {
      // Received: the classification is due; classified: the forwarding (the item's state keeps its limit).
      const forwardDueAt = jsonColumn<{ forwardDueAt?: number }>(r.state).forwardDueAt;
      const [step, due] =
        r.status === 'received' ? ['phân loại', iso(r.classify_due_at)] : ['chuyển đơn vị xử lý', forwardDueAt ? formatVn(forwardDueAt) : null];
      return staffMessage(
        centre(r.agency_code),
        'feedback_step_warning',
        `[${r.code}] Phản ánh sắp hết hạn ${step}`,
        `Hạn ${step}: ${due?.slice(0, 16)} — ${r.subject as string}`,
      );
    });
    if (total + steps) this.notifications.kick();
    return total + steps;
  }

  private claim(now: Date, mark: string, trigger: string, message: (r: FeedbackRow) => NotificationMessage): Promise<number> {
    return this.db.tx(async (em) => {
      const res = await em.query(
        `UPDATE feedback SET ${mark} = $1 WHERE id IN (
           SELECT id FROM feedback WHERE ${mark} IS NULL AND published_at IS NULL AND status <> 'out_of_scope' AND ${trigger} <= $1
           ORDER BY ${trigger} LIMIT 1000 FOR UPDATE SKIP LOCKED)
         RETURNING code, agency_code, unit_code, status, state, classify_due_at, due_at, subject`,
        [now],
      );
      const rows = returningRows<FeedbackRow>(res);
      await writeOutbox(em, rows.map(message));
      return rows.length;
    });
  }
}
