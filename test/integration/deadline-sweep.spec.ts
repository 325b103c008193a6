import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/common/clock.js';
import { Db } from '../../src/database/db.js';
import { DeadlineSweepService } from '../../src/modules/dossier/deadline-sweep.service.js';
import { createStaff, receptionBody } from '../helpers/staff.js';
import { onPostgres, onRedis, startApp, testEnv } from '../helpers/test-app.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe('deadline sweep across restarts', () => {
  it('a deadline that passed while the server was down is caught when it starts again', async () => {
    const clock = new FixedClock(new Date('2026-03-02T08:00:00+07:00'));
    const te = await testEnv();
    let app: Awaited<ReturnType<typeof startApp>> | null = null;
    try {
      app = await startApp(te, { clock });
      const first = app;
      const tk = await createStaff({ ...first, close: async () => undefined });
      const d = (await first.http().post('/api/v1/dossiers').set('Authorization', `Bearer ${tk.tn}`).send(receptionBody())).body;
      await first.app.close();
      app = null;

      clock.set(new Date('2026-03-09T08:00:00+07:00'));
      // With Redis, API processes leave jobs to workers: the process that starts again is a worker.
      const again = await startApp({ ...te, env: { ...te.env, RUN_JOBS: 'true' } }, { clock });
      app = again;
      const token = await again.login('t.ql', 'password-123');
      const seen = await until('the start-up sweep', async () => {
        const res = await again.http().get(`/api/v1/dossiers/${d.id}`).set('Authorization', `Bearer ${token}`);
        return res.body.condition === 'overdue' ? res.body : null;
      });
      expect(seen.timeline.at(-1)).toMatchObject({ action: 'deadline_passed' });
    } finally {
      await app?.app.close();
      await te.cleanup();
    }
  });
});

// Several processes on one database need PostgreSQL (PGlite is single-process): this block runs in CI's
// PostgreSQL + Redis pass and is skipped in the embedded pass.
describe.skipIf(!onPostgres || !onRedis)('two API processes and a worker on PostgreSQL + Redis', () => {
  it('sweeps running everywhere at once mark each dossier overdue once and warn once', async () => {
    const clock = new FixedClock(new Date('2026-03-02T08:00:00+07:00'));
    const te = await testEnv();
    const api1 = await startApp(te, { clock });
    const api2 = await startApp(te, { clock });
    // A short tick: a row one sweep skipped because another held its lock is taken at the worker's next tick.
    const worker = await startApp({ ...te, env: { ...te.env, RUN_JOBS: 'true', SWEEP_INTERVAL: '5s' } }, { clock });
    try {
      const tk = await createStaff({ ...api1, close: async () => undefined });
      const ids: string[] = [];
      for (let i = 0; i < 20; i++) {
        const api = i % 2 ? api1 : api2;
        const res = await api.http().post('/api/v1/dossiers').set('Authorization', `Bearer ${tk.tn}`).send(receptionBody());
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        ids.push(res.body.id);
      }
      const everywhere = () =>
        Promise.all([api1, api2, worker].flatMap((a) => [a.app.get(DeadlineSweepService).sweep(), a.app.get(DeadlineSweepService).sweep()]));
      const warnings = () =>
        worker.app.get(Db).read(async (em) => (await em.query(`SELECT count(*)::int AS n FROM outbox WHERE payload->>'kind' = 'warning'`))[0].n as number);
      // Wednesday: past the early warning (1 working day left), before the due instant.
      clock.set(new Date('2026-03-04T09:00:00+07:00'));
      // The worker's own scheduled sweep may take some of them; between all sweeps each is handled once.
      expect((await everywhere()).reduce((n, r) => n + r.warned, 0)).toBeLessThanOrEqual(20);
      await until('every dossier warned', async () => (await warnings()) === 20);
      clock.set(new Date('2026-03-09T08:00:00+07:00'));
      const results = await everywhere();
      expect(results.reduce((n, r) => n + r.markedOverdue, 0)).toBeLessThanOrEqual(20);
      // SKIP LOCKED lets a sweep finish while the worker's own tick still holds a few rows: wait for it.
      const counts = await until('every dossier swept', async () => {
        const rows = await worker.app
          .get(Db)
          .read((em) =>
            em.query(`SELECT count(*)::int AS n FROM dossier_event WHERE dossier_id = ANY($1) AND action = 'deadline_passed' GROUP BY dossier_id`, [ids]),
          );
        return rows.length === 20 ? rows : null;
      });
      expect(counts.every((c: { n: number }) => c.n === 1)).toBe(true);
      // Each sweep writes its rows in one statement: every dossier's own chain still verifies.
      for (const id of ids) {
        const audit = await api1.http().get(`/api/v1/dossiers/${id}/audit`).set('Authorization', `Bearer ${tk.tn}`);
        expect(audit.body).toMatchObject({ valid: true, events: 2 });
      }
      await sleep(6000); // a further worker tick changes nothing
      expect(await warnings()).toBe(20);
      const [{ again }] = await worker.app.get(Db).read((em) => em.query(`SELECT count(*)::int AS again FROM dossier_event WHERE action = 'deadline_passed'`));
      expect(again).toBe(20);
    } finally {
      await Promise.all([api1.app.close(), api2.app.close(), worker.app.close()]);
      await te.cleanup();
    }
  });

  it('Redis stopped mid-run: actions still succeed, the outbox keeps every message, all delivered after Redis returns', async () => {
    // A TCP proxy in front of the real Redis stands in for the outage without disturbing other test files.
    const proxy = TcpProxy.for(process.env.TEST_REDIS_URL!, 6379);
    await proxy.listen();
    const clock = new FixedClock(new Date('2026-03-02T08:00:00+07:00'));
    const te = await testEnv();
    te.env.REDIS_URL = proxy.url(process.env.TEST_REDIS_URL!);
    const app = await startApp({ ...te, env: { ...te.env, RUN_JOBS: 'true' } }, { clock });
    try {
      const tk = await createStaff({ ...app, close: async () => undefined });
      const auth = { Authorization: `Bearer ${tk.tn}` };
      const first = (await app.http().post('/api/v1/dossiers').set(auth).send(receptionBody())).body;
      await proxy.cut();
      const during = await app.http().post('/api/v1/dossiers').set(auth).send(receptionBody());
      expect(during.status).toBe(201);
      const acted = await app.http().post(`/api/v1/dossiers/${first.id}/actions`).set(auth).send({ action: 'withdraw', reason: 'rút', expectedVersion: 1 });
      expect(acted.status).toBe(200);
      const db = app.app.get(Db);
      // The dossiers' messages (the job process also reminds of the plans' tasks, which this does not count).
      const [{ total }] = await db.read((em) => em.query(`SELECT count(*)::int AS total FROM outbox WHERE payload->>'dossierId' IS NOT NULL`));
      expect(total).toBe(3);

      await proxy.restore();
      await until(
        'every outbox row delivered',
        async () => {
          const [{ pending }] = await db.read((em) => em.query('SELECT count(*)::int AS pending FROM outbox WHERE delivered_at IS NULL'));
          return pending === 0;
        },
        30_000,
      );
      const [{ delivered }] = await db.read((em) => em.query('SELECT count(*)::int AS delivered FROM notification WHERE dossier_id IS NOT NULL'));
      expect(delivered).toBe(3);
    } finally {
      await app.app.close();
      await proxy.cut().catch(() => undefined);
      await te.cleanup();
    }
  }, 60_000);
});
