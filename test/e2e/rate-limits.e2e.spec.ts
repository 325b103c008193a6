import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedbackBody } from '../helpers/factories.js';
import { createStaff, receptionBody, secretOf, type Tokens } from '../helpers/staff.js';
import { onRedis, startApp, startTestApp, type TestApp, testEnv } from '../helpers/test-app.js';

/**
 * Issue 25, failure 7: public routes are rate-limited per client address (@fastify/rate-limit): 800 guesses of
 * sequential dossier codes in 1.3 s found 502 dossiers. Limits: lookups and logins per minute (configuration), public
 * feedback per hour (the feedback process file's perAddressPerHour), ratings per hour.
 */
describe('rate limits on the public routes', () => {
  let t: TestApp;
  let tk: Tokens;
  beforeAll(async () => {
    // The process file's 10 submissions per hour, not the tests' override.
    t = await startTestApp({ RATE_LIMIT_LOOKUPS: '5', RATE_LIMIT_LOGINS: '12', RATE_LIMIT_RATINGS: '2', RATE_LIMIT_SUBMISSIONS: '' });
    tk = await createStaff(t);
  });
  afterAll(() => t?.close());

  it('guessing dossier codes: the address gets 5 lookups a minute, then 429 in the API shape with Retry-After', async () => {
    const d = (await t.http().post('/api/v1/dossiers').set('Authorization', `Bearer ${tk.tn}`).send(receptionBody())).body;
    const prefix = d.code.slice(0, -4);
    const statuses: number[] = [];
    let refused: { status: number; body: { error: { code: string; message: string } }; headers: Record<string, string> } | null = null;
    for (let i = 1; i <= 50; i++) {
      const res = await t.http().get(`/api/v1/public/dossiers/${prefix}${String(i).padStart(4, '0')}`);
      statuses.push(res.status);
      if (res.status === 429) refused ??= res;
    }
    expect(statuses.filter((s) => s !== 429)).toHaveLength(5);
    expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
    expect(refused!.body.error.code).toBe('TOO_MANY_REQUESTS');
    expect(refused!.body.error.message).toContain('thử lại sau');
    expect(Number(refused!.headers['retry-after'])).toBeGreaterThan(0);
    // The receipt's own link is refused too for that address now: a limit is per address, not per guess.
    const own = await t.http().get(`/api/v1/public/dossiers/${d.code}?k=${secretOf(d.trackingUrl)}`);
    expect(own.status).toBe(429);
    // Staff routes are not limited.
    expect((await t.http().get(`/api/v1/dossiers/${d.id}`).set('Authorization', `Bearer ${tk.tn}`)).status).toBe(200);
  });

  it('public feedback: the process file’s 10 per hour per address, on the form and on Open311 alike', async () => {
    const form = [];
    for (let i = 0; i < 11; i++) {
      form.push(
        (
          await t
            .http()
            .post('/api/v1/public/feedback')
            .send(feedbackBody({ subject: `Phản ánh số ${i + 1}` }))
        ).status,
      );
    }
    expect(form).toEqual([...Array(10).fill(201), 429]);
    const open311 = [];
    for (let i = 0; i < 11; i++) {
      const res = await t
        .http()
        .post('/open311/v2/requests.json')
        .send({ jurisdiction_id: 'LS.LOCBINH', service_code: 'other', address_string: 'Thôn Bản Chu', description: `Đèn đường hỏng, lần ${i + 1}.` });
      open311.push(res.status);
      if (res.status === 429) expect(res.body).toEqual([{ code: 429, description: expect.stringContaining('thử lại sau') }]);
    }
    expect(open311).toEqual([...Array(10).fill(201), 429]);
  });

  it('logins: 12 a minute from one address (9 used by the staff logging in above), whatever the account', async () => {
    const statuses = [];
    for (const username of ['a.one', 'b.two', 't.tn', 't.ql']) {
      statuses.push((await t.http().post('/api/v1/auth/login').send({ username, password: 'password-123' })).status);
    }
    expect(statuses.slice(0, 3)).not.toContain(429);
    expect(statuses[3]).toBe(429);
  });
});

// Shared through Redis: the API processes of one deployment count one address together.
describe.skipIf(!onRedis)('rate limits across API processes (Redis)', () => {
  it('two processes share one count', async () => {
    const te = await testEnv({ RATE_LIMIT_LOOKUPS: '4' });
    const a = await startApp(te);
    const b = await startApp(te);
    try {
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push((await (i % 2 ? a : b).http().get(`/api/v1/public/feedback/PA-${i}`)).status);
      expect(statuses.filter((s) => s === 429)).toHaveLength(2);
    } finally {
      await Promise.all([a.app.close(), b.app.close()]);
      await te.cleanup();
    }
  });
});
