import { Queue } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { BullMqJobRunner } from '../../src/queue/bullmq-job-runner.js';
import { InProcessJobRunner } from '../../src/queue/in-process-job-runner.js';
import { QueueName } from '../../src/queue/queue-names.js';
import { onRedis } from '../helpers/test-app.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('in-process job runner (embedded mode)', () => {
  it('runs repeatable jobs one at a time and stops cleanly', async () => {
    const runner = new InProcessJobRunner();
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    runner.register({
      queue: QueueName.Maintenance,
      name: 'tick',
      everyMs: 20,
      handle: async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        await sleep(30); // longer than the interval: ticks must queue, not overlap
        runs++;
        running--;
      },
    });
    await runner.start(true);
    await sleep(250);
    await runner.stop();
    const after = runs;
    await sleep(100);
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(maxRunning).toBe(1);
    expect(runs).toBe(after);
  });

  it('a failing job is logged and does not stop the next one', async () => {
    const runner = new InProcessJobRunner();
    const seen: string[] = [];
    runner.register({
      queue: QueueName.Maintenance,
      name: 'flaky',
      handle: async (d) => {
        seen.push(String(d.n));
        if (d.n === 1) throw new Error('boom');
      },
    });
    await runner.enqueue(QueueName.Maintenance, 'flaky', { n: 1 });
    await runner.enqueue(QueueName.Maintenance, 'flaky', { n: 2 });
    await runner.runNow(QueueName.Maintenance, 'flaky');
    expect(seen).toEqual(['1', '2', 'undefined']);
    await runner.stop();
  });
});

// BullMQ needs a Redis server: this block runs in CI's PostgreSQL + Redis pass (TEST_REDIS_URL set) and is
// skipped in the embedded pass, which has no Redis by design.
describe.skipIf(!onRedis)('BullMQ job runner (needs TEST_REDIS_URL)', () => {
  it('two processes registering the same repeatable job create one schedule, and each tick runs once', async () => {
    const url = process.env.TEST_REDIS_URL!;
    const prefix = `mctestjobs${process.pid}x${Date.now()}`;
    let runs = 0;
    const make = (): BullMqJobRunner => {
      const r = new BullMqJobRunner(url, prefix);
      r.register({
        queue: QueueName.Maintenance,
        name: 'sweep',
        everyMs: 200,
        handle: async () => {
          runs++;
        },
      });
      return r;
    };
    const a = make();
    const b = make();
    const started = Date.now();
    await Promise.all([a.start(true), b.start(true)]);
    await sleep(2500);
    await Promise.all([a.stop(), b.stop()]);
    const elapsed = Date.now() - started;
    const q = new Queue(QueueName.Maintenance, { connection: { url }, prefix });
    try {
      expect(await q.getJobSchedulers()).toHaveLength(1);
      expect(runs).toBeGreaterThanOrEqual(2);
      // one run per tick at most (a tick is never processed by both workers)
      expect(runs).toBeLessThanOrEqual(Math.ceil(elapsed / 200) + 1);
      await q.obliterate({ force: true });
    } finally {
      await q.close();
    }
  });

  it('runNow waits for the job, and ping reports Redis', async () => {
    const r = new BullMqJobRunner(process.env.TEST_REDIS_URL!, `mctestnow${process.pid}x${Date.now()}`);
    let ran = false;
    r.register({
      queue: QueueName.Maintenance,
      name: 'once',
      handle: async () => {
        ran = true;
      },
    });
    await r.start(true);
    await r.runNow(QueueName.Maintenance, 'once');
    expect(ran).toBe(true);
    expect(await r.ping()).toBe(true);
    await r.stop();
    const down = new BullMqJobRunner('redis://127.0.0.1:1', 'x');
    expect(await down.ping()).toBe(false);
    await down.stop();
  });
});
