import { Injectable, OnModuleInit } from '@nestjs/common';
import { Clock } from '../../common/clock.js';
import { AppConfig } from '../../config/app-config.js';
import { Db } from '../../database/db.js';
import { returningRows } from '../../database/returning-rows.js';
import { JobRunner } from '../../queue/job-runner.js';
import { QueueName } from '../../queue/queue-names.js';
import { AgencyDirectory } from '../agency/agency-directory.js';
import { NotificationService } from '../notification/notification.service.js';
import { writeOutbox } from '../notification/outbox.js';
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
   * Early warnings (run with the deadline sweep): each open item is claimed once by setting `warned_at` in the
   * same statement, so several workers never warn twice; the unit handling it (or the centre) is told.
   */
  async warn(): Promise<number> {
    const now = this.clock.now();
    const n = await this.db.tx(async (em) => {
      const res = await em.query(
        `UPDATE feedback SET warned_at = $1 WHERE id IN (
           SELECT id FROM feedback WHERE warned_at IS NULL AND published_at IS NULL AND status <> 'out_of_scope' AND warn_at <= $1
           ORDER BY warn_at LIMIT 1000 FOR UPDATE SKIP LOCKED)
         RETURNING code, agency_code, unit_code, due_at, subject`,
        [now],
      );
      const rows = returningRows<FeedbackRow>(res);
      const centre = (commune: string): string => this.agencies.departmentOfKind(commune, 'centre')?.code ?? commune;
      await writeOutbox(
        em,
        rows.map((r) =>
          staffMessage(
            (r.unit_code as string | null) ?? centre(r.agency_code),
            'feedback_warning',
            `[${r.code}] Phản ánh sắp đến hạn`,
            `Hạn trả lời và công khai: ${iso(r.due_at)?.slice(0, 16)} — ${r.subject as string}`,
          ),
        ),
      );
      return rows.length;
    });
    if (n) this.notifications.kick();
    return n;
  }
}
