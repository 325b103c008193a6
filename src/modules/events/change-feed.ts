import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../../config/app-config.js';

/** One committed change of a dossier or a feedback item, as `GET /api/v1/events` sends it (api.md). */
export interface Change {
  kind: 'dossier' | 'feedback';
  id: string;
  code: string;
  status: string;
  version: number;
  condition: string | null;
  /** The commune the record belongs to: whose staff may hear of it. */
  agencyCode: string;
  /** A dossier received in another commune (NĐ 118/2025): that commune's staff hear of it too. */
  receivingAgencyCode?: string;
  /** The department owning the dossier's current step, when there is one (the inbox's and the board's unit). */
  stepOwnerCode: string | null;
}

export type ChangeListener = (changes: readonly Change[]) => void;

/**
 * Committed changes, told to every API process (design.md, live pages). Writers call `publish` after their commit,
 * so a change nobody committed is never told. With Redis, one PUBLISH per batch reaches every process subscribed to
 * the channel (the worker's sweep included); without Redis there is one process, and the feed is a local fan-out.
 * A change lost between commit and publish (a crash) is repaired by the pages, which reload on every (re)connect.
 */
@Injectable()
export class ChangeFeed implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('ChangeFeed');
  private readonly listeners = new Set<ChangeListener>();
  private readonly channel: string;
  private publisher: Redis | null = null;
  private subscriber: Redis | null = null;

  constructor(@Inject(AppConfig) private readonly config: AppConfig) {
    this.channel = `${config.queuePrefix}:changes`;
  }

  onModuleInit(): void {
    if (!this.config.redisUrl) return;
    // Offline queueing on: a change published during a short Redis hiccup is sent when it is back.
    this.publisher = new Redis(this.config.redisUrl, { maxRetriesPerRequest: 2 });
    this.subscriber = new Redis(this.config.redisUrl);
    for (const r of [this.publisher, this.subscriber]) r.on('error', (e: Error) => this.logger.warn(`Redis: ${e.message}`));
    this.subscriber.on('message', (_channel: string, message: string) => this.deliver(JSON.parse(message) as Change[]));
    void this.subscriber.subscribe(this.channel).catch((e: Error) => this.logger.warn(`subscribe: ${e.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.publisher, this.subscriber].map((r) => r?.quit().catch(() => undefined)));
  }

  /**
   * Tells every process of committed changes; never throws (the change is committed whatever happens here).
   * The changes of one turn of the event loop go together: one PUBLISH, one write per client, however many
   * actions the server answered in that turn.
   */
  publish(changes: readonly Change[]): void {
    if (changes.length === 0) return;
    if (this.pending.length === 0) setImmediate(() => this.flush());
    this.pending.push(...changes);
  }

  private pending: Change[] = [];

  private flush(): void {
    const changes = this.pending;
    this.pending = [];
    if (!this.publisher) this.deliver(changes);
    else this.publisher.publish(this.channel, JSON.stringify(changes)).catch((e: Error) => this.logger.warn(`publish: ${e.message}`));
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  private deliver(changes: readonly Change[]): void {
    for (const l of this.listeners) {
      try {
        l(changes);
      } catch (e) {
        this.logger.warn(`listener: ${(e as Error).message}`);
      }
    }
  }
}
