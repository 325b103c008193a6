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

  constructor(
    private readonly url: string,
    private readonly prefix = 'motcua',
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
    for (const def of this.definitions.values()) {
      if (def.everyMs) {
        await this.queue(def.queue).upsertJobScheduler(
          `${def.name}:every`,
          { every: def.everyMs },
          { name: def.name, data: {}, opts: { removeOnComplete: 100, removeOnFail: 500 } },
        );
      }
    }
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
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all(this.events.map((e) => e.close()));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.redis.disconnect();
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
