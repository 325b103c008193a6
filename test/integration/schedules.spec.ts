import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { QueueName } from '../../src/queue/queue-names.js';
import { onRedis, startApp, testEnv } from '../helpers/test-app.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// BullMQ's schedules live in Redis: this drill needs Redis (CI's PostgreSQL + Redis pass).
describe.skipIf(!onRedis)('job schedules when Redis comes back empty (issue 25, failure 2)', () => {
  it('the worker restores every schedule by itself, without a restart', async () => {
    const te = await testEnv({ RUN_JOBS: 'true', SCHEDULE_CHECK_INTERVAL: '1s' });
    const worker = await startApp(te);
    const redis = new Redis(process.env.TEST_REDIS_URL!);
    const prefix = te.env.QUEUE_PREFIX;
    const queues = Object.values(QueueName).map((name) => new Queue(name, { connection: { url: process.env.TEST_REDIS_URL! }, prefix }));
    const schedules = async () => (await Promise.all(queues.map((q) => q.getJobSchedulers()))).flat().map((s) => s.key ?? s.name);
    try {
      const before = (await schedules()).sort();
      expect(before.length).toBeGreaterThanOrEqual(5);
      expect(before.join(' ')).toMatch(/sweep/);

      // What a Redis restarted without persistence holds of this deployment: nothing.
      const keys = await redis.keys(`${prefix}:*`);
      expect(keys.length).toBeGreaterThan(0);
      await redis.del(...keys);
      expect(await schedules()).toEqual([]);

      const end = Date.now() + 15_000;
      let after: string[] = [];
      while (Date.now() < end) {
        after = (await schedules()).sort();
        if (after.length === before.length) break;
        await sleep(250);
      }
      expect(after).toEqual(before);
    } finally {
      await Promise.all(queues.map((q) => q.close()));
      redis.disconnect();
      await worker.app.close();
      await te.cleanup();
    }
  });
});
