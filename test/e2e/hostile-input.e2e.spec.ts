import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/common/clock.js';
import { APPLICANT, receptionBody, type Tokens, useStaffApp } from '../helpers/staff.js';
import { historyDossier } from '../helpers/factories.js';

// Input a careless or hostile client sends: each case was a 500 before (issue 4's "never a 500 for bad input").
const clock = new FixedClock(new Date('2026-03-02T08:00:00+07:00'));
const ctx = useStaffApp(clock);
const auth = ctx.auth;

const NUL = 'Lộc\u0000Bình';
const HALF_PAIR = 'an\ud800@example.vn';
const nestedJson = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

/** The fields an error names, each once (one field may break several rules). */
const fieldsOf = (body: { error?: { details?: { fields?: { field: string }[] } } }): string[] => [
  ...new Set((body.error?.details?.fields ?? []).map((f) => f.field)),
];

async function receive(): Promise<{ id: string; code: string; version: number }> {
  const res = await ctx.t.http().post('/api/v1/dossiers').set(auth('tn')).send(receptionBody());
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function dossierCount(): Promise<number> {
  return (await ctx.t.http().get('/api/v1/dossiers?pageSize=1').set(auth('ql'))).body.total;
}

describe('hostile input over HTTP: a clear 400, never a 500, nothing written', () => {
  it('text PostgreSQL cannot store (NUL, half a surrogate pair) is refused with the field named', async () => {
    const d = await receive();
    const before = await dossierCount();
    const http = ctx.t.http;

    let res = await http()
      .post('/api/v1/dossiers')
      .set(auth('tn'))
      .send(receptionBody('1.004873', { applicant: { ...APPLICANT, address: NUL } }));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(fieldsOf(res.body)).toEqual(['applicant.address']);
    expect(res.body.error.details.fields[0].message).toContain('ký tự không hợp lệ');
    res = await http()
      .post('/api/v1/dossiers')
      .set(auth('tn'))
      .send(receptionBody('1.004873', { subject: '\udc00 lẻ' }));
    expect([res.status, fieldsOf(res.body)]).toEqual([400, ['subject']]);
    expect(await dossierCount()).toBe(before);

    res = await http().post(`/api/v1/dossiers/${d.id}/actions`).set(auth('tn')).send({ action: 'withdraw', expectedVersion: d.version, reason: NUL });
    expect([res.status, fieldsOf(res.body)]).toEqual([400, ['reason']]);
    expect((await http().get(`/api/v1/dossiers/${d.id}`).set(auth('tn'))).body).toMatchObject({ status: 'received', version: d.version });

    // validator.js's isEmail throws on half a pair; the check runs before it.
    res = await http()
      .post('/api/v1/public/feedback')
      .send({
        agencyCode: 'LS.LOCBINH',
        sender: { fullName: 'Trần Bình', email: HALF_PAIR },
        subject: 'Phản ánh thử',
        body: 'Nội dung phản ánh thử nghiệm',
        about: 'other',
      });
    expect([res.status, fieldsOf(res.body)]).toEqual([400, ['sender.email']]);
    // A key is text too.
    res = await http()
      .post('/api/v1/public/feedback')
      .send({ [NUL]: 1 });
    expect(res.status).toBe(400);

    // In the path and the query.
    res = await http().get('/api/v1/public/dossiers/%00');
    expect([res.status, fieldsOf(res.body)]).toEqual([400, ['code']]);
    res = await http().get('/api/v1/dossiers?q=%00').set(auth('ql'));
    expect([res.status, fieldsOf(res.body)]).toEqual([400, ['q']]);
    res = await http().get('/open311/v2/requests/%00.json');
    expect(res.status).toBe(400);

    // A well-formed pair (a letter outside the BMP) is ordinary text.
    res = await http()
      .post('/api/v1/dossiers')
      .set(auth('tn'))
      .send(receptionBody('1.004873', { applicant: { ...APPLICANT, fullName: 'Nguyễn 𠀧 An' } }));
    expect(res.status).toBe(201);
  });

  it('a body nested deeper than any form is refused, with or without an Idempotency-Key', async () => {
    for (const key of [null, 'hostile-nesting-1']) {
      const req = ctx.t.http().post('/api/v1/public/feedback').set('Content-Type', 'application/json');
      if (key) req.set('Idempotency-Key', key);
      const res = await req.send(`{"subject":${nestedJson(100_000)}}`);
      expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(400);
      expect(res.body.error.details.fields[0].message).toContain('lồng nhau quá 32 cấp');
    }
  });

  it('an array where an object belongs, and null where a PATCH may only leave a field out', async () => {
    const before = await dossierCount();
    let res = await ctx.t
      .http()
      .post('/api/v1/dossiers')
      .set(auth('tn'))
      .send(receptionBody('1.004873', { applicant: [] }));
    expect(res.status).toBe(400);
    expect(fieldsOf(res.body)).toContain('applicant');
    res = await ctx.t
      .http()
      .post('/api/v1/dossiers')
      .set(auth('tn'))
      .send(receptionBody('1.004873', { documents: [[]] }));
    expect(res.body.error.details.fields).toEqual([{ field: 'documents', message: 'mỗi phần tử của "documents" phải là đối tượng' }]);
    // Too many documents is not "missing": the error names the rule the list breaks.
    res = await ctx.t
      .http()
      .post('/api/v1/dossiers')
      .set(auth('tn'))
      .send(receptionBody('1.004873', { documents: Array(101).fill({ name: 'Tờ khai', form: 'copy', count: 1 }) }));
    expect(res.body.error.details.fields).toEqual([{ field: 'documents', message: '"documents" có tối đa 100 phần tử' }]);
    expect(await dossierCount()).toBe(before);

    const users = (await ctx.t.http().get('/api/v1/users').set(auth('admin'))).body;
    const user = (users.items ?? users).find((u: { username: string }) => u.username === 't.cv');
    for (const field of ['fullName', 'active', 'roles', 'password']) {
      res = await ctx.t
        .http()
        .patch(`/api/v1/users/${user.id}`)
        .set(auth('admin'))
        .send({ [field]: null });
      expect([field, res.status, fieldsOf(res.body)]).toEqual([field, 400, [field]]);
    }
    expect((await ctx.t.http().get(`/api/v1/users/${user.id}`).set(auth('admin'))).body).toMatchObject({ fullName: 'Cán bộ cv', active: true });
  });

  it('report periods with dates that do not exist are refused', async () => {
    for (const route of ['indicators', 'form-06', 'index-766', 'indicators/dossiers']) {
      for (const [from, to, field] of [
        ['2026-02-30', '2026-03-31', 'from'],
        ['2026-01-01', '2026-13-01', 'to'],
      ]) {
        const res = await ctx.t.http().get(`/api/v1/reports/${route}?agency=LS.LOCBINH&from=${from}&to=${to}`).set(auth('ql'));
        expect([route, res.status, fieldsOf(res.body)]).toEqual([route, 400, [field]]);
      }
    }
  });

  it('history import: an item with text PostgreSQL cannot store is rejected alone', async () => {
    const item = (code: string, extra: Record<string, unknown> = {}) => historyDossier(code, { receivedAt: '2026-02-02T08:00:00', ...extra });
    const res = await ctx.t
      .http()
      .post('/api/v1/import/dossiers')
      .set(auth('nhap'))
      .send([
        item('HOSTILE-0001', { applicant: { ...APPLICANT, fullName: NUL } }),
        item('HOSTILE-0002', { events: [{ action: 'withdraw', at: '2026-02-02T09:00:00+07:00', reason: HALF_PAIR }] }),
        item('HOSTILE-0003', { applicant: [] }),
        item('HOSTILE-0004'),
      ]);
    expect(res.status).toBe(200);
    expect(res.body.imported).toBe(1);
    expect(res.body.failed.map((f: { index: number; error: { details: { fields: { field: string }[] } } }) => [f.index, fieldsOf({ error: f.error })])).toEqual(
      [
        [0, ['applicant.fullName']],
        [1, ['events[0].reason']],
        [2, ['applicant']],
      ],
    );
  });

  it('what the HTTP parser refuses before any route is answered in the API error shape', async () => {
    const server = ctx.t.app.getHttpServer();
    if (!server.listening) await ctx.t.app.listen(0, '127.0.0.1');
    const { port } = server.address() as { port: number };
    // Raw bytes: a client library would not send these.
    const raw = (request: string): Promise<string> =>
      new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        const socket = connect(port, '127.0.0.1', () => socket.write(request));
        socket.on('data', (c) => chunks.push(c));
        socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
        socket.on('error', reject);
      });
    const parse = (response: string) => ({ status: Number(response.split(' ')[1]), body: JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4)) });
    expect(parse(await raw('NOT AN HTTP REQUEST\r\n\r\n'))).toEqual({
      status: 400,
      body: { error: { code: 'BAD_REQUEST', message: 'Yêu cầu HTTP không hợp lệ.', details: {} } },
    });
    const tooLarge = parse(await raw(`GET /health HTTP/1.1\r\nHost: x\r\nX-Filler: ${'a'.repeat(20_000)}\r\n\r\n`));
    expect(tooLarge).toMatchObject({ status: 431, body: { error: { code: 'HEADERS_TOO_LARGE' } } });
  });

  it('issue 25, failure 4: huge page numbers, bad escapes and over-long path parameters get a 4xx in the API shape', async () => {
    const http = ctx.t.http;
    const paged = [
      '/api/v1/dossiers',
      '/api/v1/dossiers/inbox',
      '/api/v1/feedback',
      '/api/v1/users',
      '/api/v1/notifications',
      '/api/v1/public/feedback',
      '/api/v1/reports/indicators/dossiers?agency=LS.LOCBINH&from=2026-01-01&to=2026-03-31&measure=received.total',
    ];
    for (const path of paged) {
      for (const page of ['1e20', '99999999999999999999', '1.5', '-0']) {
        const res = await http()
          .get(`${path}${path.includes('?') ? '&' : '?'}page=${page}`)
          .set(auth(path.includes('users') ? 'admin' : 'ql'));
        expect([path, page, res.status, res.body.error?.code]).toEqual([path, page, 400, 'VALIDATION_FAILED']);
      }
    }
    // A path Fastify cannot decode, or a parameter longer than any code: our shape and a Vietnamese message.
    for (const url of ['/api/v1/dossiers/%ZZ', `/api/v1/dossiers/${'a'.repeat(150)}`, `/api/v1/public/dossiers/${'9'.repeat(120)}`]) {
      const res = await http().get(url).set(auth('ql'));
      expect(res.status, url).toBeGreaterThanOrEqual(400);
      expect(res.status, url).toBeLessThan(500);
      expect(String(res.body.error?.code), `${url}: ${JSON.stringify(res.body)}`).toMatch(/^[A-Z_]+$/);
      expect(res.body.error.code).not.toMatch(/^FST_/);
      expect(JSON.stringify(res.body)).not.toMatch(/FST_ERR|Bad Request|Not Found/);
    }
    // GeoReport keeps its own list shape for the same cases.
    for (const url of ['/open311/v2/requests/%ZZ.json', `/open311/v2/requests/${'9'.repeat(150)}.json`]) {
      const res = await http().get(url);
      expect(res.status, url).toBeGreaterThanOrEqual(400);
      expect(res.status, url).toBeLessThan(500);
      expect(res.body, `${url}: ${JSON.stringify(res.body)}`).toEqual([{ code: res.status, description: expect.any(String) }]);
    }
    // An object where Open311 wants a coordinate.
    for (const bad of [
      { lat: { $gt: 1 }, long: 106.7 },
      { lat: 21.8, long: [1, 2] },
      { lat: 'north', long: 106.7 },
    ]) {
      const res = await http()
        .post('/open311/v2/requests.json')
        .send({ jurisdiction_id: 'LS.LOCBINH', service_code: 'other', description: 'Đèn đường hỏng ở đầu thôn.', ...bad });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body[0]).toMatchObject({ code: 400, description: expect.stringMatching(/lat|long/) });
    }
  });

  it('every route of the OpenAPI document, each parameter and body field given hostile values: never a 5xx', async () => {
    const http = ctx.t.http;
    const d = await receive();
    const fb = (
      await http()
        .post('/api/v1/public/feedback')
        .send({ agencyCode: 'LS.LOCBINH', sender: { fullName: 'Trần Bình' }, subject: 'Phản ánh thử', body: 'Nội dung phản ánh thử nghiệm', about: 'other' })
    ).body;
    const doc = (await http().get('/docs-json')).body as OpenApi;
    const schemaOf = (s: Schema | undefined): Schema | undefined => (s?.$ref ? doc.components.schemas[s.$ref.split('/').pop()!] : s);
    const example = (s: Schema | undefined, depth = 0): unknown => {
      const r = schemaOf(s);
      if (!r || depth > 4) return 'x';
      if (r.enum) return r.enum[0];
      if (r.example !== undefined) return r.example;
      if (r.type === 'object') return Object.fromEntries(Object.entries(r.properties ?? {}).map(([k, v]) => [k, example(v, depth + 1)]));
      if (r.type === 'array') return [example(r.items, depth + 1)];
      return r.type === 'integer' || r.type === 'number' ? 1 : r.type === 'boolean' ? true : 'Nguyễn Văn An';
    };
    const hostile: unknown[] = [null, [], {}, NUL, HALF_PAIR, '2026-02-30', -1, 'x'.repeat(3000)];
    const hostileParam = ['%00', '%ZZ', '2026-02-30', '-1', '9'.repeat(30), ''];
    const pathValue = (path: string, name: string): string =>
      path.includes('feedback')
        ? name === 'code'
          ? fb.code
          : String(fb.id ?? 'x')
        : name === 'code'
          ? d.code
          : name === 'nn'
            ? '01'
            : name === 'id'
              ? d.id
              : 'x';
    const tokens: (keyof Tokens)[] = ['admin', 'ql', 'tn', 'cv'];
    const failures: string[] = [];
    let sent = 0;
    const send = async (method: string, url: string, who: keyof Tokens, body?: unknown): Promise<void> => {
      const req = http()[method as 'get'](url).set(auth(who));
      const res = body === undefined ? await req : await req.send(body as object);
      sent++;
      if (res.status >= 500) failures.push(`${method.toUpperCase()} ${url.slice(0, 120)} ${JSON.stringify(body)?.slice(0, 80)} → ${res.status}`);
    };
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (path === '/api/v1/auth/login') continue;
        const params = op.parameters ?? [];
        const url = (over: Record<string, string> = {}): string => {
          let u = path;
          const q: string[] = [];
          for (const p of params) {
            const v = over[p.name] ?? (p.in === 'path' ? pathValue(path, p.name) : p.name === 'agency' ? 'LS.LOCBINH' : undefined);
            if (v === undefined) continue;
            if (p.in === 'path') u = u.replace(`{${p.name}}`, v);
            else q.push(`${p.name}=${v}`);
          }
          return q.length ? `${u}?${q.join('&')}` : u;
        };
        const bodySchema = schemaOf(op.requestBody?.content?.['application/json']?.schema);
        const base = bodySchema?.type === 'object' ? (example(bodySchema) as Record<string, unknown>) : undefined;
        for (const p of params) for (const v of hostileParam) await send(method, url({ [p.name]: v }), tokens[sent % tokens.length], base);
        if (!base) continue;
        for (const [field, fieldSchema] of Object.entries(bodySchema!.properties ?? {})) {
          for (const v of hostile) await send(method, url(), tokens[sent % tokens.length], { ...base, [field]: v });
          const inner = schemaOf(fieldSchema.type === 'array' ? fieldSchema.items : fieldSchema);
          for (const sub of Object.keys(inner?.properties ?? {})) {
            for (const v of hostile) {
              const one = { ...(example(inner) as object), [sub]: v };
              await send(method, url(), tokens[sent % tokens.length], { ...base, [field]: fieldSchema.type === 'array' ? [one] : one });
            }
          }
        }
      }
    }
    expect(sent).toBeGreaterThan(500);
    expect(failures).toEqual([]);
  });
});

interface Schema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  example?: unknown;
  properties?: Record<string, Schema>;
  items?: Schema;
}

interface OpenApi {
  paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
  components: { schemas: Record<string, Schema> };
}
