import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/common/project-root.js';
import { startServerProcess } from '../helpers/server-process.js';
import { receptionBody } from '../helpers/staff.js';
import { ADMIN_PASSWORD, NO_RATE_LIMITS, onPostgres, startApp } from '../helpers/test-app.js';

const cli = (script: string, args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, [join('.drill-dist', 'cli', script), ...args], { cwd: projectRoot(), env: { ...process.env, ...env }, encoding: 'utf8' });

// The embedded database's own tools; a PostgreSQL deployment backs up with pg_dump (README), not tested here.
describe.skipIf(onPostgres)('npm run backup / npm run restore (embedded)', () => {
  it('copies the database while the server runs; the copy restored into a fresh directory has every dossier, each audit valid', async () => {
    const root = mkdtempSync(join(tmpdir(), 'motcua-backup-'));
    const live = join(root, 'live');
    const restored = join(root, 'restored');
    const backup = join(root, 'backups', 'one');
    const env = { DATA_DIR: live, ADMIN_PASSWORD, DATABASE_URL: '', REDIS_URL: '', LOG_LEVEL: 'error', ...NO_RATE_LIMITS };
    const server = await startServerProcess(env);
    try {
      const call = async (path: string, body?: unknown, token?: string) => {
        const res = await fetch(`${server.base}${path}`, {
          method: body ? 'POST' : 'GET',
          headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        });
        return { status: res.status, body: await res.json() };
      };
      const admin = (await call('/api/v1/auth/login', { username: 'admin', password: ADMIN_PASSWORD })).body.accessToken;
      for (const [username, roles, agencyCode] of [
        ['bk.tn', ['reception'], 'LS.LOCBINH.TTPVHCC'],
        ['bk.ql', ['manager'], 'LS.LOCBINH.TTPVHCC'],
      ] as const) {
        expect((await call('/api/v1/users', { username, fullName: username, password: 'password-123', roles, agencyCode }, admin)).status).toBe(201);
      }
      const tn = (await call('/api/v1/auth/login', { username: 'bk.tn', password: 'password-123' })).body.accessToken;
      const codes: string[] = [];
      for (let i = 0; i < 3; i++) {
        const d = await call('/api/v1/dossiers', receptionBody(), tn);
        expect(d.status).toBe(201);
        codes.push(d.body.code);
        if (i > 0) {
          expect((await call(`/api/v1/dossiers/${d.body.id}/actions`, { action: 'complete_step', expectedVersion: d.body.version }, tn)).status).toBe(200);
        }
      }

      // While the server runs: it writes the copy, asked by the command.
      const made = cli('backup.js', [backup], { DATA_DIR: live });
      expect(made.status, made.stderr + made.stdout).toBe(0);
      expect(made.stdout).toContain('máy chủ');
      for (const part of ['pg.tar.gz', 'audit-key', 'jwt-secret', 'manifest.json']) expect(existsSync(join(backup, part)), part).toBe(true);
      // The server goes on working after it.
      expect((await call('/api/v1/dossiers', receptionBody(), tn)).status).toBe(201);
      await server.kill();

      const back = cli('restore.js', [backup], { DATA_DIR: restored });
      expect(back.status, back.stderr + back.stdout).toBe(0);
      // A second restore into the same directory is refused: it would overwrite a database.
      const again = cli('restore.js', [backup], { DATA_DIR: restored });
      expect(again.status).toBe(1);
      expect(again.stderr).toContain('đã có cơ sở dữ liệu');

      const app = await startApp({ env: { DATA_DIR: restored, ADMIN_PASSWORD, ...NO_RATE_LIMITS }, cleanup: async () => undefined });
      try {
        const ql = await app.login('bk.ql', 'password-123');
        const list = await app.http().get('/api/v1/dossiers?pageSize=50').set('Authorization', `Bearer ${ql}`);
        expect(list.body.items.map((d: { code: string }) => d.code).sort()).toEqual([...codes].sort());
        for (const d of list.body.items as { id: string }[]) {
          const audit = await app.http().get(`/api/v1/dossiers/${d.id}/audit`).set('Authorization', `Bearer ${ql}`);
          expect(audit.body, JSON.stringify(audit.body)).toMatchObject({ valid: true, rowProblems: [] });
        }
      } finally {
        await app.app.close();
      }
    } finally {
      await server.kill('SIGKILL');
      rmSync(root, { recursive: true, force: true });
    }
  });
});
