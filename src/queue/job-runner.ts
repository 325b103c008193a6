import type { QueueName } from './queue-names.js';

export type JobData = Record<string, unknown>;

/** A job kind: a thin handler that unpacks its payload and calls a service. */
export interface JobDefinition {
  queue: QueueName;
  name: string;
  /** Repeat every so many ms (a repeatable job); omitted for jobs that are only enqueued. */
  everyMs?: number;
  handle(data: JobData): Promise<void>;
}

/**
 * The port every job goes through: BullMQ on Redis when REDIS_URL is set, an in-process runner otherwise.
 * Features register their definitions at module init; the runner starts once the app has booted.
 */
export abstract class JobRunner {
  protected readonly definitions = new Map<string, JobDefinition>();

  register(def: JobDefinition): void {
    this.definitions.set(`${def.queue}:${def.name}`, def);
  }

  /** Starts schedules and (when this process runs jobs) processing. */
  abstract start(processJobs: boolean): Promise<void>;
  abstract enqueue(queue: QueueName, name: string, data: JobData): Promise<void>;
  /** Runs a repeatable job now (tests and the start-up catch-up). */
  abstract runNow(queue: QueueName, name: string): Promise<void>;
  abstract stop(): Promise<void>;
  /** Whether the backing store is reachable (always true in process). */
  abstract ping(): Promise<boolean>;

  /** Jobs per queue and state, for the metrics (none without Redis: jobs run in the process). */
  depths(_queues: string[]): Promise<Record<string, Record<string, number>>> {
    return Promise.resolve({});
  }

  protected definition(queue: QueueName, name: string): JobDefinition {
    const def = this.definitions.get(`${queue}:${name}`);
    if (!def) throw new Error(`no job ${queue}:${name}`);
    return def;
  }
}
