import { Logger } from '@nestjs/common';
import { JobData, JobRunner } from './job-runner.js';
import type { QueueName } from './queue-names.js';

/** Embedded mode: timers in this process, one job at a time so jobs never overlap themselves. */
export class InProcessJobRunner extends JobRunner {
  private readonly logger = new Logger('Jobs');
  private timers: NodeJS.Timeout[] = [];
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;

  async start(processJobs: boolean): Promise<void> {
    if (!processJobs) return;
    for (const def of this.definitions.values()) {
      if (!def.everyMs) continue;
      const t = setInterval(() => void this.run(def.queue, def.name, {}), def.everyMs);
      t.unref();
      this.timers.push(t);
    }
  }

  private run(queue: QueueName, name: string, data: JobData): Promise<void> {
    const def = this.definition(queue, name);
    const next = this.chain.then(async () => {
      if (this.stopped) return;
      try {
        await def.handle(data);
      } catch (e) {
        this.logger.error(`job ${queue}:${name} failed: ${(e as Error).stack ?? String(e)}`);
      }
    });
    this.chain = next;
    return next;
  }

  async enqueue(queue: QueueName, name: string, data: JobData): Promise<void> {
    void this.run(queue, name, data);
  }

  runNow(queue: QueueName, name: string): Promise<void> {
    return this.run(queue, name, {});
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await this.chain;
  }

  async ping(): Promise<boolean> {
    return true;
  }
}
