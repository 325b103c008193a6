import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { AppConfig } from '../../config/app-config.js';
import { Db } from '../../database/db.js';
import { JobRunner } from '../../queue/job-runner.js';
import { QueueName } from '../../queue/queue-names.js';
import type { NotificationMessage } from './outbox.js';

interface OutboxRow {
  id: string;
  payload: NotificationMessage;
  attempts: number;
}

const BATCH = 200;
const MAX_ATTEMPTS = 10;

/**
 * Delivers the outbox (design.md decision 6). Rows are claimed with SKIP LOCKED so several workers never
 * deliver one twice; each delivered message is kept in `notification` (what the staff UI and tests read).
 * E-mail goes over SMTP when SMTP_URL is set and the recipient has an address; a failed send is retried
 * with back-off and the row stays pending, so a Redis or mail outage loses nothing.
 */
@Injectable()
export class NotificationService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Notifications');
  private readonly mailer: Transporter | null;

  constructor(
    private readonly db: Db,
    private readonly jobs: JobRunner,
    private readonly config: AppConfig,
  ) {
    this.mailer = config.smtpUrl ? nodemailer.createTransport(config.smtpUrl) : null;
  }

  onModuleInit(): void {
    this.jobs.register({ queue: QueueName.Notifications, name: 'deliver-outbox', everyMs: 5000, handle: () => this.deliverPending().then(() => undefined) });
  }

  onModuleDestroy(): void {
    this.mailer?.close();
  }

  private kickPending = false;

  /**
   * Asks a worker to deliver soon; if the queue is unreachable the repeatable job picks the rows up later.
   * Kicks within 200 ms are coalesced into one delivery run, so a busy counter does not run one per action.
   */
  kick(): void {
    if (this.kickPending) return;
    this.kickPending = true;
    setTimeout(() => {
      this.kickPending = false;
      this.jobs.enqueue(QueueName.Notifications, 'deliver-outbox', {}).catch((e: unknown) => {
        this.logger.warn(`outbox kick failed (rows stay pending): ${(e as Error).message}`);
      });
    }, 200).unref();
  }

  /** Delivers pending rows; returns how many were delivered. */
  async deliverPending(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = this.mailer ? await this.deliverBatch(this.mailer) : await this.recordBatch();
      total += n;
      if (n < BATCH) return total;
    }
  }

  /**
   * Without SMTP every message is only recorded, so one statement claims a batch, records it and marks it delivered:
   * the messages never travel to this process. As a transaction of its own (begin, read, write, commit) it made
   * four round trips and held a connection about 20 ms per run, every 200 ms under the actions benchmark.
   */
  private async recordBatch(): Promise<number> {
    const [{ n }] = await this.db.statement<{ n: number }>(
      `WITH claimed AS (${CLAIM_SQL('id, payload AS m')}),
       ins AS (${RECORD_SQL('claimed', `'recorded'`)}),
       upd AS (UPDATE outbox SET delivered_at = now() FROM claimed WHERE outbox.id = claimed.id RETURNING 1)
       SELECT count(*)::int AS n FROM upd`,
      [],
      'outbox-record',
    );
    return n;
  }

  /** With SMTP: a claimed batch is sent message by message, then recorded and marked in one statement. */
  private deliverBatch(mailer: Transporter): Promise<number> {
    return this.db.tx(async (em) => {
      const rows: OutboxRow[] = await em.query(CLAIM_SQL('id, payload, attempts'));
      const delivered: { row: OutboxRow; channel: string }[] = [];
      for (const row of rows) {
        const m = row.payload;
        let channel = 'recorded';
        try {
          if (m.recipient) {
            await mailer.sendMail({ from: this.config.mailFrom, to: m.recipient, subject: m.subject, text: m.body });
            channel = 'email';
          }
        } catch (e) {
          const attempts = row.attempts + 1;
          await em.query(
            `UPDATE outbox SET attempts = $2, last_error = $3, available_at = now() + make_interval(secs => $4),
             delivered_at = CASE WHEN $2 >= ${MAX_ATTEMPTS} THEN now() ELSE NULL END WHERE id = $1`,
            [row.id, attempts, (e as Error).message.slice(0, 1000), Math.min(3600, 2 ** attempts * 5)],
          );
          if (attempts < MAX_ATTEMPTS) continue;
          channel = 'email_failed';
        }
        delivered.push({ row, channel });
      }
      // The batch is recorded and marked delivered in one statement: per-row statements cost as much as the
      // actions that wrote the rows.
      if (delivered.length > 0) {
        await em.query(
          `WITH d AS (
             SELECT o.id, c.channel, o.payload AS m
             FROM unnest($1::bigint[], $2::text[]) AS c(id, channel) JOIN outbox o ON o.id = c.id),
           ins AS (${RECORD_SQL('d', 'd.channel')})
           UPDATE outbox SET delivered_at = now() FROM d WHERE outbox.id = d.id AND outbox.delivered_at IS NULL`,
          [delivered.map((d) => d.row.id), delivered.map((d) => d.channel)],
        );
      }
      return rows.length;
    });
  }
}

/** A batch of pending rows, claimed so that several workers never deliver one twice. */
const CLAIM_SQL = (columns: string): string =>
  `SELECT ${columns} FROM outbox WHERE delivered_at IS NULL AND available_at <= now() ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`;

/** Records the messages of `source` (columns `id`, the outbox row, and `m`, its payload) sent through `channel`. */
const RECORD_SQL = (source: string, channel: string): string =>
  `INSERT INTO notification (outbox_id, dossier_id, agency_code, audience, recipient, channel, kind, subject, body)
   SELECT id, (m->>'dossierId')::uuid, m->>'agencyCode', m->>'audience', m->>'recipient', ${channel}, m->>'kind', m->>'subject', m->>'body'
   FROM ${source} ON CONFLICT (outbox_id) DO NOTHING`;
