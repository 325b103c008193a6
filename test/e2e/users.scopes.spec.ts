import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startTestApp, TestApp } from '../helpers/test-app.js';

/** Authorization per route group: who may manage and read accounts, and only within their agencies. */
describe('users: roles and agency scoping', () => {
  let t: TestApp;
  let admin: string;
  const ids: Record<string, string> = {};
  const auth = (token: string): [string, string] => ['Authorization', `Bearer ${token}`];

  const create = async (token: string, body: Record<string, unknown>, status = 201): Promise<Record<string, unknown>> => {
    const res = await t
      .http()
      .post('/api/v1/users')
      .set(...auth(token))
      .send(body);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    return res.body;
  };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login('admin', ADMIN_PASSWORD);
    const people: [string, string[], string][] = [
      ['locbinh.admin', ['admin'], 'LS.LOCBINH'],
      ['locbinh.manager', ['manager'], 'LS.LOCBINH.TTPVHCC'],
      ['locbinh.reception', ['reception'], 'LS.LOCBINH.TTPVHCC'],
      ['locbinh.specialist', ['specialist'], 'LS.LOCBINH.VHXH'],
      ['tamthanh.manager', ['manager'], 'LS.TAMTHANH.TTPVHCC'],
      ['tamthanh.reception', ['reception'], 'LS.TAMTHANH.TTPVHCC'],
      ['namdan.reception', ['reception'], 'TQ.NAMDAN.TTPVHCC'],
      ['langson.viewer', ['province_viewer'], 'LS'],
    ];
    for (const [username, roles, agencyCode] of people) {
      const u = await create(admin, { username, fullName: username, password: 'password-123', roles, agencyCode });
      ids[username] = u.id as string;
    }
  });
  afterAll(async () => t?.close());

  it('creates a user with the contract fields and never returns the password hash', async () => {
    const res = await t
      .http()
      .get(`/api/v1/users/${ids['locbinh.reception']}`)
      .set(...auth(admin))
      .expect(200);
    expect(res.body).toMatchObject({ username: 'locbinh.reception', roles: ['reception'], agencyCode: 'LS.LOCBINH.TTPVHCC', active: true });
    expect(JSON.stringify(res.body)).not.toMatch(/password|\$2[aby]\$/i);
    expect(res.body.createdAt).toMatch(/\+07:00$/);
  });

  it('a commune manager sees only their commune’s accounts', async () => {
    const token = await t.login('locbinh.manager', 'password-123');
    const list = await t
      .http()
      .get('/api/v1/users?pageSize=100')
      .set(...auth(token))
      .expect(200);
    const names = list.body.items.map((u: { username: string }) => u.username).sort();
    expect(names).toEqual(['locbinh.admin', 'locbinh.manager', 'locbinh.reception', 'locbinh.specialist']);
    expect(list.body).toMatchObject({ page: 1, pageSize: 100, total: 4 });
    // Another commune's record is "not found", not "forbidden": its existence does not leak.
    const other = await t
      .http()
      .get(`/api/v1/users/${ids['tamthanh.reception']}`)
      .set(...auth(token))
      .expect(404);
    expect(other.body.error.code).toBe('NOT_FOUND');
    await t
      .http()
      .get(`/api/v1/users/${ids['locbinh.specialist']}`)
      .set(...auth(token))
      .expect(200);
  });

  it('a commune admin manages only their commune', async () => {
    const token = await t.login('locbinh.admin', 'password-123');
    await create(token, { username: 'locbinh.new', fullName: 'Mới', password: 'password-123', roles: ['specialist'], agencyCode: 'LS.LOCBINH.KT' });
    const refused = await create(
      token,
      { username: 'tamthanh.new', fullName: 'Mới', password: 'password-123', roles: ['specialist'], agencyCode: 'LS.TAMTHANH.KT' },
      403,
    );
    expect((refused.error as { code: string }).code).toBe('FORBIDDEN');
    await create(token, { username: 'sysadmin2', fullName: 'Quản trị', password: 'password-123', roles: ['admin'], agencyCode: null }, 403);
    await t
      .http()
      .patch(`/api/v1/users/${ids['tamthanh.reception']}`)
      .set(...auth(token))
      .send({ active: false })
      .expect(404);
  });

  it('staff without the admin role cannot manage accounts', async () => {
    const reception = await t.login('locbinh.reception', 'password-123');
    await create(reception, { username: 'x.y', fullName: 'X', password: 'password-123', roles: ['reception'], agencyCode: 'LS.LOCBINH.TTPVHCC' }, 403);
    await t
      .http()
      .get('/api/v1/users')
      .set(...auth(reception))
      .expect(403);
    const manager = await t.login('locbinh.manager', 'password-123');
    await t
      .http()
      .patch(`/api/v1/users/${ids['locbinh.reception']}`)
      .set(...auth(manager))
      .send({ active: false })
      .expect(403);
  });

  it('a province viewer is scoped to the province and cannot manage accounts', async () => {
    const token = await t.login('langson.viewer', 'password-123');
    await t
      .http()
      .get('/api/v1/users')
      .set(...auth(token))
      .expect(403);
    const me = await t
      .http()
      .get('/api/v1/auth/me')
      .set(...auth(token))
      .expect(200);
    expect(me.body.agencyCode).toBe('LS');
  });

  it('the system admin filters by agency subtree', async () => {
    const res = await t
      .http()
      .get('/api/v1/users?agency=LS.TAMTHANH')
      .set(...auth(admin))
      .expect(200);
    expect(res.body.items.map((u: { username: string }) => u.username).sort()).toEqual(['tamthanh.manager', 'tamthanh.reception']);
    const byRole = await t
      .http()
      .get('/api/v1/users?role=province_viewer')
      .set(...auth(admin))
      .expect(200);
    expect(byRole.body.items.map((u: { username: string }) => u.username)).toEqual(['langson.viewer']);
  });

  it('refuses bad input with the fields named, roles that do not fit the agency, and duplicates', async () => {
    const bad = await create(admin, { username: 'A B', fullName: '', password: 'short', roles: ['boss'], agencyCode: 5 }, 400);
    const fields = (bad.error as { details: { fields: { field: string }[] } }).details.fields.map((f) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['username', 'fullName', 'password', 'roles', 'agencyCode']));
    const viewer = await create(
      admin,
      { username: 'bad.viewer', fullName: 'Viên chức', password: 'password-123', roles: ['province_viewer'], agencyCode: 'LS.LOCBINH' },
      400,
    );
    expect(JSON.stringify(viewer)).toMatch(/province_viewer/);
    await create(admin, { username: 'bad.agency', fullName: 'Viên chức', password: 'password-123', roles: ['reception'], agencyCode: 'XX.NOWHERE' }, 400);
    const dup = await create(
      admin,
      { username: 'locbinh.manager', fullName: 'Viên chức', password: 'password-123', roles: ['manager'], agencyCode: 'LS.LOCBINH.TTPVHCC' },
      409,
    );
    expect((dup.error as { code: string }).code).toBe('USERNAME_TAKEN');
    await t
      .http()
      .get('/api/v1/users/not-a-uuid')
      .set(...auth(admin))
      .expect(404);
  });

  it('an admin cannot lock themselves out', async () => {
    const me = await t
      .http()
      .get('/api/v1/auth/me')
      .set(...auth(admin))
      .expect(200);
    const res = await t
      .http()
      .patch(`/api/v1/users/${me.body.id}`)
      .set(...auth(admin))
      .send({ active: false })
      .expect(409);
    expect(res.body.error.code).toBe('CANNOT_DEMOTE_SELF');
  });

  describe('Idempotency-Key on POST', () => {
    const body = { username: 'idem.user', fullName: 'Thử lặp', password: 'password-123', roles: ['reception'], agencyCode: 'LS.LOIBAC.TTPVHCC' };
    it('the same key and body returns the first response without creating twice', async () => {
      const first = await t
        .http()
        .post('/api/v1/users')
        .set(...auth(admin))
        .set('Idempotency-Key', 'create-idem-user-1')
        .send(body)
        .expect(201);
      const again = await t
        .http()
        .post('/api/v1/users')
        .set(...auth(admin))
        .set('Idempotency-Key', 'create-idem-user-1')
        .send(body)
        .expect(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      const other = await t
        .http()
        .post('/api/v1/users')
        .set(...auth(admin))
        .set('Idempotency-Key', 'create-idem-user-1')
        .send({ ...body, fullName: 'Khác' })
        .expect(422);
      expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
      await t
        .http()
        .post('/api/v1/users')
        .set(...auth(admin))
        .set('Idempotency-Key', 'bad key!')
        .send(body)
        .expect(400);
    });

    it('a failed request releases its key; concurrent duplicates run once', async () => {
      const dup = { ...body, username: 'locbinh.manager' };
      for (let i = 0; i < 2; i++) {
        const res = await t
          .http()
          .post('/api/v1/users')
          .set(...auth(admin))
          .set('Idempotency-Key', 'dup-key-0001')
          .send(dup)
          .expect(409);
        expect(res.body.error.code).toBe('USERNAME_TAKEN');
      }
      const burst = { ...body, username: 'idem.burst' };
      const results = await Promise.all(
        Array.from({ length: 6 }, () =>
          t
            .http()
            .post('/api/v1/users')
            .set(...auth(admin))
            .set('Idempotency-Key', 'burst-key-0001')
            .send(burst),
        ),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
      const created = new Set(results.filter((r) => r.status === 201).map((r) => r.body.id));
      expect(created.size).toBe(1);
      const list = await t
        .http()
        .get('/api/v1/users?pageSize=500')
        .set(...auth(admin))
        .expect(200);
      expect(list.body.items.filter((u: { username: string }) => u.username === 'idem.burst')).toHaveLength(1);
    });

    it('a request refused by the guard or the validation holds no key; logins are never replayed', async () => {
      const reception = await t.login('locbinh.reception', 'password-123');
      const refused: [string | null, Record<string, unknown>, number, string][] = [
        [null, body, 401, 'UNAUTHORIZED'],
        ['not-a-token', body, 401, 'INVALID_TOKEN'],
        [reception, { ...body, username: 'idem.refused' }, 403, 'FORBIDDEN'],
        [admin, { ...body, username: 'idem.invalid', roles: ['mayor'] }, 400, 'VALIDATION_FAILED'],
      ];
      for (const [token, sent, status, code] of refused) {
        // The second try is refused for the same reason, not as a duplicate still in progress.
        for (let i = 0; i < 2; i++) {
          const req = t.http().post('/api/v1/users').set('Idempotency-Key', 'refused-key-0001');
          const res = await (token ? req.set(...auth(token)) : req).send(sent);
          expect([res.status, res.body.error.code]).toEqual([status, code]);
        }
      }
      // A route that does not exist is a 404 with or without a key.
      const unknown = await t
        .http()
        .post('/api/v1/nowhere')
        .set(...auth(admin))
        .set('Idempotency-Key', 'refused-key-0001')
        .send({});
      expect([unknown.status, unknown.body.error.code]).toEqual([404, 'NOT_FOUND']);
      const login = () =>
        t.http().post('/api/v1/auth/login').set('Idempotency-Key', 'login-key-0001').send({ username: 'admin', password: ADMIN_PASSWORD }).expect(200);
      const [a, b] = [await login(), await login()];
      expect(a.headers['idempotent-replayed']).toBeUndefined();
      expect(b.headers['idempotent-replayed']).toBeUndefined();
      expect(b.body.accessToken).toEqual(expect.any(String));
    });

    it('keys are per user: the same key from another user runs its own request', async () => {
      const other = await t.login('locbinh.admin', 'password-123');
      const mine = await t
        .http()
        .post('/api/v1/users')
        .set(...auth(admin))
        .set('Idempotency-Key', 'shared-key-0001')
        .send({ ...body, username: 'idem.mine' })
        .expect(201);
      const theirs = await t
        .http()
        .post('/api/v1/users')
        .set(...auth(other))
        .set('Idempotency-Key', 'shared-key-0001')
        .send({ ...body, username: 'idem.theirs', agencyCode: 'LS.LOCBINH.TTPVHCC' })
        .expect(201);
      expect(theirs.body.id).not.toBe(mine.body.id);
      expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    });
  });

  it('moves an officer to another unit: the new scope holds at once; an unknown or foreign unit is refused', async () => {
    const token = await t.login('tamthanh.reception', 'password-123');
    const before = await t
      .http()
      .get('/api/v1/dossiers?agency=LS.LOCBINH')
      .set(...auth(token));
    expect(before.body.items).toEqual([]);
    const moved = await t
      .http()
      .patch(`/api/v1/users/${ids['tamthanh.reception']}`)
      .set(...auth(admin))
      .send({ agencyCode: 'LS.LOCBINH.TTPVHCC' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.agencyCode).toBe('LS.LOCBINH.TTPVHCC');
    // The same token now reads Lộc Bình's users list as its own commune's (scope from the account, not the token).
    const me = await t
      .http()
      .get('/api/v1/auth/me')
      .set(...auth(token));
    expect(me.body.agencyCode).toBe('LS.LOCBINH.TTPVHCC');
    const unknown = await t
      .http()
      .patch(`/api/v1/users/${ids['tamthanh.reception']}`)
      .set(...auth(admin))
      .send({ agencyCode: 'KHONG.CO' });
    expect(unknown.status).toBe(400);
    const localAdmin = await t.login('locbinh.admin', 'password-123');
    const foreign = await t
      .http()
      .patch(`/api/v1/users/${ids['locbinh.reception']}`)
      .set(...auth(localAdmin))
      .send({ agencyCode: 'TQ.NAMDAN.TTPVHCC' });
    expect(foreign.status).toBe(403);
  });
});
