import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { Clock } from '../../common/clock.js';
import { Db } from '../../database/db.js';
import { returningRows } from '../../database/returning-rows.js';
import { conditionOf } from '../../workflow-engine/dossier-machine.js';
import { JobRunner } from '../../queue/job-runner.js';
import { QueueName } from '../../queue/queue-names.js';
import { AgencyDirectory } from '../agency/agency-directory.js';
import { NotificationService } from '../notification/notification.service.js';
import { writeOutbox } from '../notification/outbox.js';
import { messagesFor } from './dossier-messages.js';
import { dossierChange, fromDb } from './dossier-row.js';
import { ChangeFeed } from '../events/change-feed.js';
import { DossierService, SYSTEM_ACTOR } from './dossier.service.js';
import { Metrics } from '../metrics/metrics.service.js';

const BATCH = 500;

export interface SweepResult {
  markedOverdue: number;
  warned: number;
  /** Owners warned before their step's own limit. */
  stepsWarned: number;
  /** Owners reminded that an apology (form 04) falls due. */
  apologiesReminded: number;
}

/**
 * The deadline sweep (design.md decision 6): deadlines live in the database, never in XState timers.
 * Each dossier carries precomputed trigger instants (overdue_at, warn_at), so a tick reads only the partial
 * indexes of dossiers due now. Safe with several workers: rows are claimed with SKIP LOCKED and re-checked
 * by the machine under the lock, and a warning is claimed by setting warned_at in the same statement. The step's
 * owner is also warned before the step's own limit, and reminded when a dossier's apology falls due (issue 24).
 * A deadline that passed while every process was down is simply due at the next tick.
 */
@Injectable()
export class DeadlineSweepService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('DeadlineSweep');

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly dossiers: DossierService,
    private readonly agencies: AgencyDirectory,
    private readonly jobs: JobRunner,
    private readonly notifications: NotificationService,
    private readonly config: AppConfig,
    private readonly feed: ChangeFeed,
    private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    this.jobs.register({ queue: QueueName.Deadlines, name: 'sweep', everyMs: this.config.sweepEveryMs, handle: () => this.sweep().then(() => undefined) });
  }

  /**
   * Catch-up at start: deadlines that passed while every process was down are handled now, not a tick later.
   * Run directly rather than queued, so it does not depend on the queue's timing; several workers starting
   * together are safe for the same reasons the ticks are.
   */
  onApplicationBootstrap(): void {
    if (!this.config.runJobs) return;
    this.startup = this.sweep().then(
      () => undefined,
      (e: unknown) => this.logger.warn(`start-up sweep failed (the next tick retries): ${(e as Error).message}`),
    );
  }

  private startup: Promise<void> = Promise.resolve();

  /** Lets shutdown wait for the start-up sweep instead of closing the database under it. */
  async onApplicationShutdown(): Promise<void> {
    await this.startup;
  }

  async sweep(): Promise<SweepResult> {
    const stopTimer = this.metrics.sweepDuration.startTimer();
    const result = await this.sweepAt(this.clock.now());
    stopTimer();
    this.metrics.actions.inc({ action: 'deadline_passed' }, result.markedOverdue);
    for (const [kind, n] of Object.entries(result)) this.metrics.sweepMarked.inc({ kind }, n);
    return result;
  }

  private async sweepAt(now: Date): Promise<SweepResult> {
    let markedOverdue = 0;
    for (;;) {
      const n = await this.db.tx(async (em) => {
        const rows = await em.query(
          `SELECT * FROM dossier WHERE clock = 'running' AND condition IN ('on_time', 'apologized') AND overdue_at <= $1
           ORDER BY overdue_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
          [now],
        );
        return this.dossiers.applyEachIn(em, rows.map(fromDb), { action: 'deadline_passed' }, now.getTime(), SYSTEM_ACTOR, null);
      });
      this.feed.publish(n.map(dossierChange));
      markedOverdue += n.length;
      if (n.length < BATCH) break;
    }
    const warned = await this.claim(now, 'warned_at', `warn_at <= $1`, 'warn_at', 'warning');
    const stepsWarned = await this.claim(now, 'step_warned_at', `step_warn_at <= $1`, 'step_warn_at', 'step_warning');
    const apologiesReminded = await this.claim(
      now,
      'apology_reminded_at',
      `condition = 'on_time' AND apology_due_by <= $1`,
      'apology_due_by',
      'apology_reminder',
    );
    if (markedOverdue + warned + stepsWarned + apologiesReminded > 0) this.notifications.kick();
    return { markedOverdue, warned, stepsWarned, apologiesReminded };
  }

  /**
   * Claims the running dossiers whose trigger passed and whose mark is not set, by setting the mark in the same
   * statement (several workers never tell twice), and queues what `kind` tells. How many were claimed.
   */
  private async claim(now: Date, mark: string, due: string, order: string, kind: 'warning' | 'step_warning' | 'apology_reminder'): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.db.tx(async (em) => {
        const rows = await em.query(
          `UPDATE dossier SET ${mark} = $1 WHERE id IN (
             SELECT id FROM dossier WHERE clock = 'running' AND ${mark} IS NULL AND ${due}
             ORDER BY ${order} LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
           RETURNING *`,
          [now],
        );
        const claimed = returningRows<Record<string, unknown>>(rows).map(fromDb);
        // Overdue is marked first: a dossier late and not apologised for is not told it is nearly due (issue 25), only
        // claimed so that it leaves the pending index.
        const told = claimed.filter((row) => conditionOf(row.state.machine.context) !== 'overdue');
        await writeOutbox(
          em,
          told.flatMap((row) => messagesFor(row, kind, this.agencies)),
        );
        return claimed;
      });
      // Only the early warning shows on the dossier (its badge); the others are messages alone.
      if (kind === 'warning') this.feed.publish(n.map(dossierChange));
      total += n.length;
      if (n.length < BATCH) return total;
    }
  }
}
