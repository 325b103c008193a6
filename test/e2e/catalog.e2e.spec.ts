import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startTestApp, TestApp } from '../helpers/test-app.js';

describe('catalog, calendar route and HTTP conventions', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp();
    token = await t.login('admin', ADMIN_PASSWORD);
  });
  afterAll(async () => t?.close());
  const get = (path: string) => t.http().get(path).set('Authorization', `Bearer ${token}`);

  it('lists the agency hierarchy with unit identifiers and office sessions', async () => {
    const res = await get('/api/v1/agencies').expect(200);
    const codes = res.body.items.map((a: { code: string }) => a.code);
    expect(codes).toEqual(expect.arrayContaining(['TQ', 'TQ.NAMDAN', 'LS', 'LS.LOCBINH', 'LS.TANDOAN', 'LS.TAMTHANH', 'LS.LOIBAC', 'LS.LOCBINH.VHXH']));
    const commune = res.body.items.find((a: { code: string }) => a.code === 'LS.TAMTHANH');
    expect(commune).toMatchObject({
      level: 'commune',
      parentCode: 'LS',
      unitId: expect.stringMatching(/^\d{3}\.\d{2}\.\d{2}\.H\d{2}$/),
      sessions: ['07:00-11:30', '13:30-17:00'],
    });
    // Public-sector structure, not a record: citizens choose their commune from it on the feedback form.
    expect((await t.http().get('/api/v1/agencies').expect(200)).body).toEqual(res.body);
  });

  it('lists at least 12 procedures for a commune (a department sees its commune’s)', async () => {
    const res = await get('/api/v1/procedures?agency=LS.LOCBINH.VHXH').expect(200);
    expect(res.body.items.length).toBeGreaterThanOrEqual(12);
    const names = res.body.items.map((p: { name: string }) => p.name);
    expect(names).toEqual(expect.arrayContaining(['Đăng ký khai sinh', 'Đăng ký kết hôn', 'Đăng ký khai tử', 'Cấp giấy phép xây dựng đối với nhà ở riêng lẻ']));
    const all = await get('/api/v1/procedures').expect(200);
    expect(all.body.items.length).toBe(res.body.items.length);
    await get('/api/v1/procedures?agency=XX').expect(404);
  });

  it('shows a procedure with version, deadline, fee, online level and steps resolved to the commune’s departments', async () => {
    const res = await get('/api/v1/procedures/1.001193?agency=LS.LOCBINH').expect(200);
    expect(res.body).toMatchObject({
      code: '1.001193',
      definitionVersion: 1,
      field: 'Hộ tịch',
      online: 'full',
      deadline: { unit: 'same_day', cutoff: '15:00' },
      fee: { amount: 0 },
      supplementClock: 'RESTART',
    });
    expect(res.body.steps[0]).toMatchObject({ owner: { kind: 'centre', agencyCode: 'LS.LOCBINH.TTPVHCC' }, budgetUnit: 'working_hours' });
    expect(res.body.steps.reduce((n: number, s: { budget: number }) => n + s.budget, 0)).toBe(8);
    expect(res.body.source.deadline).toMatchObject({ confirmed: true });
    const plain = await get('/api/v1/procedures/1.004873').expect(200);
    expect(plain.body.steps[0].owner.agencyCode).toBeNull();
    expect((await get('/api/v1/procedures/9.999999').expect(404)).body.error.code).toBe('NOT_FOUND');
  });

  describe('GET /api/v1/calendar/due-date (public)', () => {
    const due = (q: string) => t.http().get('/api/v1/calendar/due-date?' + q);
    it('computes the contract shape across Tết 2026', async () => {
      const res = await due('agency=LS.LOCBINH&from=2026-02-13T16:00:00%2B07:00&amount=3&unit=working_days').expect(200);
      expect(res.body).toMatchObject({ receivedAt: '2026-02-13T16:00:00+07:00', startAt: '2026-02-13T16:00:00+07:00', dueAt: '2026-02-25T16:00:00+07:00' });
    });
    it('applies the cut-off and accepts UTC input, answering in Vietnam time', async () => {
      const res = await due('agency=TQ.NAMDAN&from=2026-02-23T08:30:00Z&amount=0&unit=same_day&cutoff=15:00').expect(200);
      expect(res.body).toMatchObject({ receivedAt: '2026-02-23T15:30:00+07:00', startAt: '2026-02-24T07:00:00+07:00', dueAt: '2026-02-24T17:00:00+07:00' });
    });
    it.each([
      ['agency=LS.LOCBINH&from=yesterday&amount=3&unit=working_days', 'from'],
      ['agency=LS.LOCBINH&from=2026-02-30T09:00:00%2B07:00&amount=3&unit=working_days', 'from'],
      ['agency=LS.LOCBINH&from=2026-02-13T09:00:00%2B07:00&amount=3&unit=weeks', 'unit'],
      ['agency=LS.LOCBINH&from=2026-02-13T09:00:00%2B07:00&amount=-1&unit=working_days', 'amount'],
      ['agency=LS.LOCBINH&from=2026-02-13T09:00:00%2B07:00&amount=abc&unit=working_days', 'amount'],
      ['agency=LS.LOCBINH&from=2026-02-13T09:00:00%2B07:00&amount=1e9&unit=working_days', 'amount'],
      ['agency=LS.LOCBINH&from=2026-02-13T09:00:00%2B07:00&amount=2000&unit=working_days', 'amount'],
      ['agency=LS.LOCBINH&from=2026-02-13T09:00:00%2B07:00&amount=2.5&unit=calendar_days', 'amount'],
      ['agency=LS.LOCBINH&from=2026-02-13T09:00:00%2B07:00&amount=3&unit=working_days&cutoff=3pm', 'cutoff'],
      ['from=2026-02-13T09:00:00%2B07:00&amount=3&unit=working_days', 'agency'],
    ])('400 naming the field for %s', async (q, field) => {
      const res = await due(q).expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    });
    it('unknown agency → 404; a year without calendar data → 422, never a silent answer', async () => {
      await due('agency=XX&from=2026-02-13T09:00:00%2B07:00&amount=3&unit=working_days').expect(404);
      const res = await due('agency=LS.LOCBINH&from=2027-12-01T09:00:00%2B07:00&amount=60&unit=working_days').expect(422);
      expect(res.body.error).toMatchObject({ code: 'CALENDAR_YEAR_MISSING', details: { year: 2028 } });
    });
  });

  describe('conventions', () => {
    it('malformed JSON → 400 INVALID_JSON; a non-JSON body → 415; a huge body → 413', async () => {
      const bad = await t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"username": ').expect(400);
      expect(bad.body.error.code).toBe('INVALID_JSON');
      const text = await t.http().post('/api/v1/auth/login').set('Content-Type', 'text/plain').send('hello').expect(415);
      expect(text.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      const huge = await t
        .http()
        .post('/api/v1/auth/login')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ username: 'x'.repeat(3_000_000), password: 'y' }))
        .expect(413);
      expect(huge.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    });
    it('NDJSON and form bodies only where they belong (import, Open311); elsewhere 415 like any other type', async () => {
      for (const type of ['application/x-ndjson', 'application/x-www-form-urlencoded', 'application/xml']) {
        const res = await t.http().post('/api/v1/auth/login').set('Content-Type', type).send('a=1').expect(415);
        expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      }
      // Over the general 2 MB limit, yet within the import's 50 MB: parsed, then refused for what it is.
      const big = await t
        .http()
        .post('/api/v1/import/dossiers')
        .set('Authorization', `Bearer ${token}`)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify([{ code: 'X', procedureCode: 'none', note: 'x'.repeat(3_000_000) }]))
        .expect(200);
      expect(big.body).toMatchObject({ imported: 0, failed: [{ index: 0 }] });
      // "+json" types are JSON.
      const vnd = await t
        .http()
        .post('/api/v1/auth/login')
        .set('Content-Type', 'application/vnd.api+json')
        .send(JSON.stringify({ username: 'admin', password: 'wrong-password' }))
        .expect(401);
      expect(vnd.body.error.code).toBe('INVALID_CREDENTIALS');
    });
    it('unknown routes → 404 in the error shape', async () => {
      const res = await t.http().get('/api/v1/nothing-here').expect(404);
      expect(res.body).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String), details: {} } });
    });
    it('health reports the database; OpenAPI lists the routes', async () => {
      const h = await t.http().get('/health').expect(200);
      expect(h.body).toMatchObject({ status: 'ok', checks: { database: { status: 'up' } } });
      if (t.config.redisUrl) expect(h.body.checks.redis.status).toBe('up');
      // Liveness asks nothing; readiness asks the database (issue 25).
      expect((await t.http().get('/health/live').expect(200)).body).toEqual({ status: 'ok', checks: {} });
      expect((await t.http().get('/health/ready').expect(200)).body).toMatchObject({ status: 'ok', checks: { database: { status: 'up' } } });
      const doc = await t.http().get('/docs-json').expect(200);
      expect(Object.keys(doc.body.paths)).toEqual(
        expect.arrayContaining(['/api/v1/auth/login', '/api/v1/users', '/api/v1/procedures/{code}', '/api/v1/calendar/due-date', '/health']),
      );
      await t.http().get('/docs').expect(200);
    });
  });
});
