import { Logger } from '@nestjs/common';
import { describe, expect, it, vi } from 'vitest';
import { createStaff, receptionBody } from '../helpers/staff.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';
import { onPostgres, startApp, testEnv } from '../helpers/test-app.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// The database cut away from a running API process needs PostgreSQL behind a proxy: the embedded database lives in
// the process itself and cannot be lost alone.
describe.skipIf(!onPostgres)('a database outage (issue 25, failure 3)', () => {
  it('answers 503 with a code and Retry-After, logs one line for the outage, and recovers by itself', async () => {
    const te = await testEnv();
    const proxy = TcpProxy.for(te.env.DATABASE_URL, 5432);
    await proxy.listen();
    te.env.DATABASE_URL = proxy.url(te.env.DATABASE_URL);
    const app = await startApp(te);
    const errors = vi.spyOn(Logger.prototype, 'error');
    try {
      const tk = await createStaff({ ...app, close: async () => undefined });
      const auth = { Authorization: `Bearer ${tk.ql}` };
      await app.http().get('/api/v1/dossiers').set(auth).expect(200);
      errors.mockClear();

      await proxy.cut();
      const during = [];
      for (let i = 0; i < 20; i++) {
        during.push(
          await (i % 2
            ? app.http().get('/api/v1/dossiers').set(auth)
            : app
                .http()
                .post('/api/v1/dossiers')
                .set({ Authorization: `Bearer ${tk.tn}` })
                .send(receptionBody())),
        );
      }
      // Alive, but not ready: an orchestrator keeps the process and takes it out of rotation.
      expect((await app.http().get('/health/live')).status).toBe(200);
      const unready = await app.http().get('/health/ready');
      expect(unready.status).toBe(503);
      expect(unready.body.checks.database.status).toBe('down');
      // The tokens were checked before the outage: every request reaches the database and meets its absence.
      expect(during.map((r) => r.status)).toEqual(Array(20).fill(503));
      for (const r of during) {
        expect(r.body.error.code).toBe('DATABASE_UNAVAILABLE');
        expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
      }
      const outageLines = errors.mock.calls.filter((c) => String(c[0]).includes('database unavailable'));
      expect(outageLines).toHaveLength(1);
      // No stack trace per request.
      expect(errors.mock.calls.filter((c) => String(c[0]).includes('    at '))).toEqual([]);

      await proxy.restore();
      const back = Date.now();
      for (;;) {
        const res = await app.http().get('/api/v1/dossiers').set(auth);
        if (res.status === 200) break;
        expect(res.status).toBe(503);
        if (Date.now() - back > 20_000) throw new Error('not recovered within 20 s');
        await sleep(200);
      }
      expect((await app.http().get('/health/ready')).status).toBe(200);
      const created = await app
        .http()
        .post('/api/v1/dossiers')
        .set({ Authorization: `Bearer ${tk.tn}` })
        .send(receptionBody());
      expect(created.status, JSON.stringify(created.body)).toBe(201);
    } finally {
      errors.mockRestore();
      await app.app.close();
      await proxy.cut();
      await te.cleanup();
    }
  });
});
