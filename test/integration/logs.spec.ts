import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServerProcess } from '../helpers/server-process.js';
import { APPLICANT, receptionBody } from '../helpers/staff.js';
import { ADMIN_PASSWORD } from '../helpers/test-app.js';

/**
 * Issue 25: the server's log is JSON lines through Fastify's logger (pino): ISO times with +07:00, a request id and
 * the user's id on each request's one line, and never a citizen's ID number or phone (not even a search for one).
 */
describe('structured logs of the built server', () => {
  it('one JSON line per request with its id and user; no ID number or phone anywhere', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'motcua-logs-'));
    const server = await startServerProcess({ DATA_DIR: dataDir, ADMIN_PASSWORD, DATABASE_URL: '', REDIS_URL: '', LOG_LEVEL: 'info' });
    try {
      const call = (path: string, init: RequestInit = {}) => fetch(`${server.base}${path}`, init);
      const json = { 'Content-Type': 'application/json' };
      const login = await (
        await call('/api/v1/auth/login', { method: 'POST', headers: json, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) })
      ).json();
      const admin = { ...json, Authorization: `Bearer ${login.accessToken}` };
      const created = await call('/api/v1/users', {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ username: 'log.tn', fullName: 'Tiếp nhận', password: 'password-123', roles: ['reception'], agencyCode: 'LS.LOCBINH.TTPVHCC' }),
      });
      expect(created.status).toBe(201);
      const tn = await (
        await call('/api/v1/auth/login', { method: 'POST', headers: json, body: JSON.stringify({ username: 'log.tn', password: 'password-123' }) })
      ).json();
      const staff = { ...json, Authorization: `Bearer ${tn.accessToken}`, 'X-Request-Id': 'trace-me-0001' };
      const received = await call('/api/v1/dossiers', { method: 'POST', headers: staff, body: JSON.stringify(receptionBody()) });
      expect(received.status).toBe(201);
      expect(received.headers.get('x-request-id')).toBe('trace-me-0001');
      // A search by the citizen's ID number, and a refused body carrying the phone.
      expect((await call(`/api/v1/dossiers?q=${APPLICANT.idNumber}`, { headers: staff })).status).toBe(200);
      await call('/api/v1/dossiers', {
        method: 'POST',
        headers: staff,
        body: JSON.stringify({ ...receptionBody(), procedureCode: 'none', applicant: APPLICANT }),
      });
      await server.kill();

      const { stdout } = server.output();
      const lines = stdout.split('\n').filter((l) => l.trim());
      expect(lines.length).toBeGreaterThan(5);
      const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      for (const p of parsed) {
        expect(p.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+07:00$/);
        expect(typeof p.level).toBe('string');
      }
      const requests = parsed.filter((p) => p.msg === 'request');
      // login, user, login, reception, search, refused reception: six requests, six lines (and the start-up probes).
      const api = requests.filter((r) => String(r.route).startsWith('/api/'));
      expect(api).toHaveLength(6);
      const reception = api.find((r) => r.requestId === 'trace-me-0001' && r.status === 201)!;
      expect(reception).toMatchObject({ method: 'POST', route: '/api/v1/dossiers', userId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      expect(stdout).not.toContain(APPLICANT.idNumber);
      expect(stdout).not.toContain(APPLICANT.phone);
    } finally {
      await server.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
