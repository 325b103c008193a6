import { Logger } from '@nestjs/common';
import { Job, Queue, QueueEvents, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { JobData, JobRunner } from './job-runner.js';
import type { QueueName } from './queue-names.js';

/**
 * BullMQ on Redis: repeatable jobs are job schedulers (upserted by id, so several processes starting at once
 * create one schedule), and each tick is processed by exactly one worker.
 */
export class BullMqJobRunner extends JobRunner {
  private readonly logger = new Logger('Jobs');
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  private readonly events: QueueEvents[] = [];
  private readonly redis: Redis;

  private scheduleCheck: NodeJS.Timeout | null = null;

  constructor(
    private readonly url: string,
    private readonly prefix = 'motcua',
    /** How often a job-running process checks that Redis still holds its schedules. */
    private readonly scheduleCheckMs = 30_000,
  ) {
    super();
    // A separate connection for health pings; BullMQ opens its own per queue and worker.
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true, enableOfflineQueue: false });
    this.redis.on('error', () => undefined);
  }

  private connection(): { url: string; maxRetriesPerRequest: null } {
    return { url: this.url, maxRetriesPerRequest: null };
  }

  private queue(name: string): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.connection(), prefix: this.prefix });
      q.on('error', (e) => this.logger.warn(`queue ${name}: ${e.message}`));
      this.queues.set(name, q);
    }
    return q;
  }

  async start(processJobs: boolean): Promise<void> {
    // Only processes that run jobs own the schedules: an API process must start even while Redis is down.
    if (!processJobs) return;
    const queueNames = new Set([...this.definitions.values()].map((d) => d.queue));
    await this.ensureSchedules();
    // A Redis restarted without persistence comes back empty: the sweep, the outbox, the rollups and the scheduled
    // reports would stop until this process restarts (issue 25). Restored when Redis is ready again, and checked
    // periodically in case a reconnection went unseen.
    this.redis.on('ready', () => void this.ensureSchedules().catch(() => undefined));
    void this.redis.connect().catch(() => undefined);
    this.scheduleCheck = setInterval(() => void this.ensureSchedules().catch(() => undefined), this.scheduleCheckMs);
    this.scheduleCheck.unref();
    for (const q of queueNames) {
      const worker = new Worker(q, (job: Job) => this.definition(q, job.name).handle(job.data as JobData), {
        connection: this.connection(),
        prefix: this.prefix,
        concurrency: 1,
      });
      worker.on('failed', (job, err) => this.logger.error(`job ${q}:${job?.name} failed: ${err.message}`));
      worker.on('error', (e) => this.logger.warn(`worker ${q}: ${e.message}`));
      this.workers.push(worker);
    }
  }

  /** Creates each repeatable job's schedule that Redis does not hold; returns how many it restored. */
  async ensureSchedules(): Promise<number> {
    let restored = 0;
    for (const def of this.definitions.values()) {
      if (!def.everyMs) continue;
      const id = `${def.name}:every`;
      const q = this.queue(def.queue);
      if (await q.getJobScheduler(id)) continue;
      await q.upsertJobScheduler(id, { every: def.everyMs }, { name: def.name, data: {}, opts: { removeOnComplete: 100, removeOnFail: 500 } });
      restored++;
    }
    if (restored && this.started) this.logger.warn(`restored ${restored} job schedules missing from Redis`);
    this.started = true;
    return restored;
  }

  private started = false;

  async enqueue(queue: QueueName, name: string, data: JobData): Promise<void> {
    await this.queue(queue).add(name, data, { removeOnComplete: 100, removeOnFail: 500, attempts: 5, backoff: { type: 'exponential', delay: 1000 } });
  }

  async runNow(queue: QueueName, name: string): Promise<void> {
    const ev = new QueueEvents(queue, { connection: this.connection(), prefix: this.prefix });
    this.events.push(ev);
    await ev.waitUntilReady();
    const job = await this.queue(queue).add(name, {}, { removeOnComplete: 100, removeOnFail: 500 });
    await job.waitUntilFinished(ev, 60_000);
  }

  async stop(): Promise<void> {
    if (this.scheduleCheck) clearInterval(this.scheduleCheck);
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all(this.events.map((e) => e.close()));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.redis.disconnect();
  }

  /** Every queue of the application (created if not yet), for the administrators' board. */
  allQueues(names: string[]): Queue[] {
    return names.map((n) => this.queue(n));
  }

  override async depths(queues: string[]): Promise<Record<string, Record<string, number>>> {
    const out: Record<string, Record<string, number>> = {};
    for (const name of queues) out[name] = await this.queue(name).getJobCounts('waiting', 'active', 'delayed', 'failed');
    return out;
  }

  async ping(): Promise<boolean> {
    try {
      if (this.redis.status === 'wait' || this.redis.status === 'end') await this.redis.connect();
      return (await this.redis.ping()) === 'PONG';
    } catch {
      return false;
    }
  }
}
