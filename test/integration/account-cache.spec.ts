import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, onPostgres, startApp, testEnv } from '../helpers/test-app.js';

/**
 * The auth guard serves accounts from memory (account-cache.ts); disabling an account or changing its roles must
 * still take effect at once, on this process and on every other one.
 */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const bearer = (token: string): [string, string] => ['Authorization', `Bearer ${token}`];

type App = Awaited<ReturnType<typeof startApp>>;

async function makeAccount(app: App, admin: string): Promise<{ id: string; token: string }> {
  const res = await app
    .http()
    .post('/api/v1/users')
    .set(...bearer(admin))
    .send({ username: 'cache.manager', fullName: 'Quản lý', password: 'password-123', roles: ['manager'], agencyCode: 'LS.LOCBINH.TTPVHCC' });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id as string, token: await app.login('cache.manager', 'password-123') };
}

/** A route for managers (and admins), not receptionists: 200 while the account is an active manager. */
const board = (app: App, token: string) =>
  app
    .http()
    .get('/api/v1/users')
    .set(...bearer(token));

describe('accounts kept in memory by the auth guard', () => {
  it('a role removed or an account disabled through the API is refused on the very next request', async () => {
    const te = await testEnv();
    const app = await startApp(te);
    try {
      const admin = await app.login('admin', ADMIN_PASSWORD);
      const u = await makeAccount(app, admin);
      await board(app, u.token).expect(200);
      await board(app, u.token).expect(200); // now served from memory
      await app
        .http()
        .patch(`/api/v1/users/${u.id}`)
        .set(...bearer(admin))
        .send({ roles: ['reception'] })
        .expect(200);
      expect((await board(app, u.token).expect(403)).body.error.code).toBe('FORBIDDEN');
      await app
        .http()
        .patch(`/api/v1/users/${u.id}`)
        .set(...bearer(admin))
        .send({ roles: ['manager'] })
        .expect(200);
      await board(app, u.token).expect(200);
      await app
        .http()
        .patch(`/api/v1/users/${u.id}`)
        .set(...bearer(admin))
        .send({ active: false })
        .expect(200);
      expect((await board(app, u.token).expect(401)).body.error.code).toBe('INVALID_TOKEN');
    } finally {
      await app.app.close();
      await te.cleanup();
    }
  });
});

// Other processes hear of changes through PostgreSQL's LISTEN/NOTIFY; embedded mode is a single process
// (PGlite locks its directory), so this block runs in CI's PostgreSQL pass and is skipped in the embedded one.
describe.skipIf(!onPostgres)('accounts kept in memory by several API processes on PostgreSQL', () => {
  it('a change made through one process, or directly in the table, is refused by the others', async () => {
    const te = await testEnv();
    const a = await startApp(te);
    const b = await startApp(te);
    const sql = new pg.Client({ connectionString: te.env.DATABASE_URL });
    await sql.connect();
    try {
      const admin = await a.login('admin', ADMIN_PASSWORD);
      const u = await makeAccount(a, admin);
      await board(b, u.token).expect(200);
      await board(b, u.token).expect(200);

      await a
        .http()
        .patch(`/api/v1/users/${u.id}`)
        .set(...bearer(admin))
        .send({ roles: ['reception'] })
        .expect(200);
      // The notification crosses a connection: allow it a moment, but it must arrive.
      let status = 0;
      for (let i = 0; i < 40 && status !== 403; i++) {
        status = (await board(b, u.token)).status;
        if (status !== 403) await sleep(50);
      }
      expect(status).toBe(403);

      await sql.query(`UPDATE app_user SET roles = '{manager}' WHERE id = $1`, [u.id]);
      for (let i = 0; i < 40 && status !== 200; i++) {
        status = (await board(b, u.token)).status;
        if (status !== 200) await sleep(50);
      }
      expect(status).toBe(200);
      await board(a, u.token).expect(200);

      // With the listening connection cut, nothing is served from memory: a change nobody is told about is
      // still seen at once (and a new listener is set up a little later).
      const cut = await sql.query(
        `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN app_user_changed'`,
      );
      expect(cut.rows.length).toBe(2);
      await sleep(300);
      await sql.query(`ALTER TABLE app_user DISABLE TRIGGER app_user_changed`);
      await sql.query(`UPDATE app_user SET active = false WHERE id = $1`, [u.id]);
      await sql.query(`ALTER TABLE app_user ENABLE TRIGGER app_user_changed`);
      expect((await board(a, u.token).expect(401)).body.error.code).toBe('INVALID_TOKEN');
      expect((await board(b, u.token).expect(401)).body.error.code).toBe('INVALID_TOKEN');
    } finally {
      await sql.end();
      await a.app.close();
      await b.app.close();
      await te.cleanup();
    }
  });
});
