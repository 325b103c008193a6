import type { ChildProcess } from 'node:child_process';
import { hash } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { Db } from '../../src/database/db.js';
import { createStaff, receptionBody } from '../helpers/staff.js';
import { onPostgres, startApp, testEnv } from '../helpers/test-app.js';
import { startServerProcess } from '../helpers/server-process.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Issue 25, failure 1: a request that dies holding an Idempotency-Key must not block the key for days. The key is
 * held under a lease its request renews; a retry after a crash runs afresh once the lease has run out (nothing was
 * committed), and replays the answer after that.
 */
describe('an Idempotency-Key whose request died', () => {
  // Embedded only: the server frees every pending key at start because no other process can share its database; on
  // PostgreSQL other processes may still be running theirs (the drill below).
  it.skipIf(onPostgres)('embedded: after a restart, a key left pending by the previous process is free at once', async () => {
    const te = await testEnv();
    try {
      const first = await startApp(te);
      const tk = await createStaff({ ...first, close: async () => undefined });
      const [{ id }] = await first.app.get(Db).statement<{ id: string }>(`SELECT id FROM app_user WHERE username = 't.tn'`);
      // What a process killed mid-request leaves: the same request's pending key, its lease still running.
      await first.app
        .get(Db)
        .tx((em) =>
          em.query(`INSERT INTO idempotency_key (scope, key, request_hash, lease_until) VALUES ($1, 'crash-key-0001', $2, now() + interval '1 hour')`, [
            `${id} POST /api/v1/dossiers`,
            hash('sha256', JSON.stringify(receptionBody()), 'hex'),
          ]),
        );
      const send = (app: typeof first, token: string) =>
        app.http().post('/api/v1/dossiers').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', 'crash-key-0001').send(receptionBody());
      const held = await send(first, tk.tn);
      expect(held.status).toBe(409);
      expect(held.body.error.code).toBe('IDEMPOTENCY_IN_PROGRESS');
      expect(Number(held.headers['retry-after'])).toBeGreaterThan(0);
      await first.app.close();

      // Embedded, only this process can have held it: the restarted server frees it, and the retry runs.
      const again = await startApp(te);
      const tn = await again.login('t.tn', 'password-123');
      const r1 = await send(again, tn);
      expect(r1.status, JSON.stringify(r1.body)).toBe(201);
      const r2 = await send(again, tn);
      expect(r2.status).toBe(201);
      expect(r2.headers['idempotent-replayed']).toBe('true');
      expect(r2.body.id).toBe(r1.body.id);
      await again.app.close();
    } finally {
      await te.cleanup();
    }
  });

  // A real crash needs a second process on the same database: PostgreSQL only.
  it.skipIf(!onPostgres)('PostgreSQL: kill -9 while the reception waits on a lock; the retry runs afresh once the lease runs out', async () => {
    const te = await testEnv();
    const other = await startApp(te);
    let child: ChildProcess | null = null;
    const locker = new pg.Client({ connectionString: te.env.DATABASE_URL });
    try {
      const tk = await createStaff({ ...other, close: async () => undefined });
      const server = await startServerProcess({ ...te.env, RUN_JOBS: 'false', LOG_LEVEL: 'error' });
      child = server.child;
      const base = server.base;
      // Hold every unit's code counter, as `SELECT … FOR UPDATE` in psql would: the reception blocks inside its transaction.
      await locker.connect();
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE dossier_code_counter IN SHARE ROW EXCLUSIVE MODE');
      const body = JSON.stringify(receptionBody());
      const headers = { Authorization: `Bearer ${tk.tn}`, 'Idempotency-Key': 'drill-kill-9-0001', 'Content-Type': 'application/json' };
      void fetch(`${base}/api/v1/dossiers`, { method: 'POST', headers, body }).catch(() => undefined);
      const db = other.app.get(Db);
      for (let i = 0; ; i++) {
        const [row] = await db.statement<{ n: number }>(`SELECT count(*)::int AS n FROM idempotency_key WHERE key = 'drill-kill-9-0001' AND status IS NULL`);
        if (row.n === 1) break;
        if (i > 100) throw new Error('the request never claimed its key');
        await sleep(100);
      }
      child.kill('SIGKILL');
      await new Promise((r) => child!.once('exit', r));
      child = null;
      await locker.query('ROLLBACK');
      const count = async () => (await db.statement<{ n: number }>('SELECT count(*)::int AS n FROM dossier'))[0].n;
      expect(await count()).toBe(0);

      const retry = () =>
        other.http().post('/api/v1/dossiers').set('Authorization', `Bearer ${tk.tn}`).set('Idempotency-Key', 'drill-kill-9-0001').send(receptionBody());
      const early = await retry();
      // Within the lease the key may still be running somewhere: 409 with how long to wait.
      expect(early.status).toBe(409);
      expect(early.body.error.code).toBe('IDEMPOTENCY_IN_PROGRESS');
      const wait = Number(early.headers['retry-after']);
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(15);
      await sleep(wait * 1000 + 500);
      const afresh = await retry();
      expect(afresh.status, JSON.stringify(afresh.body)).toBe(201);
      const replay = await retry();
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body.id).toBe(afresh.body.id);
      expect(await count()).toBe(1);
    } finally {
      child?.kill('SIGKILL');
      await locker.end().catch(() => undefined);
      await other.app.close();
      await te.cleanup();
    }
  });
});
