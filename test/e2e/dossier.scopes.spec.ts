import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/common/clock.js';
import { receptionBody, secretOf, type Tokens, useStaffApp } from '../helpers/staff.js';

const clock = new FixedClock(new Date('2026-03-02T08:00:00+07:00'));
const ctx = useStaffApp(clock);
const auth = ctx.auth;

async function receive(extra: Record<string, unknown> = {}) {
  const res = await ctx.t.http().post('/api/v1/dossiers').set(auth('tn')).send(receptionBody('1.004873', extra));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

describe('dossier routes: who may do what, and bad input', () => {
  it('reception: only receptionists, only within their province, only offered procedures; bad bodies are 400 with fields', async () => {
    const cases: [keyof Tokens, Record<string, unknown>, number, string?][] = [
      ['cv', receptionBody(), 403],
      ['admin', receptionBody(), 403],
      // NĐ 118/2025: any commune of the province, never another province (received across a boundary: dossier.e2e).
      ['tn', receptionBody('1.004873', { agencyCode: 'TQ.NAMDAN' }), 403],
      ['tn', receptionBody('9.999999'), 400, 'procedureCode'],
      ['tn', receptionBody('1.004873', { agencyCode: 'XX' }), 400, 'agencyCode'],
      ['tn', receptionBody('1.004873', { channel: 'fax' }), 400, 'channel'],
      ['tn', receptionBody('1.004873', { applicant: { fullName: 'A B', idNumber: '12' } }), 400, 'applicant.idNumber'],
      ['tn', receptionBody('1.004873', { documents: [{ name: 'Tờ khai', form: 'scan', count: 0 }] }), 400],
    ];
    for (const [who, body, status, field] of cases) {
      const res = await ctx.t.http().post('/api/v1/dossiers').set(auth(who)).send(body);
      expect(res.status, `${who} ${JSON.stringify(body)} → ${JSON.stringify(res.body)}`).toBe(status);
      expect(res.body.error.message).toMatch(/[à-ỹ]/);
      if (field) expect(res.body.error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    const noToken = await ctx.t.http().post('/api/v1/dossiers').send(receptionBody());
    expect(noToken.status).toBe(401);
    const notJson = await ctx.t.http().post('/api/v1/dossiers').set(auth('tn')).set('Content-Type', 'text/plain').send('x');
    expect(notJson.status).toBe(415);
  });

  it('a procedure offered only elsewhere is refused (building permit restricted list is checked)', async () => {
    const list = await ctx.t.http().get('/api/v1/procedures?agency=LS.LOCBINH').set(auth('tn'));
    const offered = new Set(list.body.items.map((p: { code: string }) => p.code));
    expect(offered.has('1.004873')).toBe(true);
  });

  it('actions: role, department, scope, version and state are each checked with their own status', async () => {
    const d = await receive();
    const post = (who: keyof Tokens, body: Record<string, unknown>, id = d.id) => ctx.t.http().post(`/api/v1/dossiers/${id}/actions`).set(auth(who)).send(body);

    const missing = await post('tn', { action: 'complete_step' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.fields.map((f: { field: string }) => f.field)).toContain('expectedVersion');
    expect((await post('tn', { action: 'fly', expectedVersion: 1 })).status).toBe(400);
    const noItems = await post('tn', { action: 'request_supplement', expectedVersion: 1 });
    expect(noItems.status).toBe(400);
    expect(noItems.body.error.details.fields[0].field).toBe('items');

    // Reception step belongs to the centre: a specialist of the office may not complete it.
    expect((await post('cv', { action: 'complete_step', expectedVersion: 1 })).status).toBe(403);
    expect((await post('cv', { action: 'approve', outcome: 'issued', expectedVersion: 1 })).status).toBe(403);
    // Another commune's receptionist does not even learn that the dossier exists.
    expect((await post('tn2', { action: 'withdraw', reason: 'x', expectedVersion: 1 })).status).toBe(404);
    expect((await ctx.t.http().get(`/api/v1/dossiers/${d.id}`).set(auth('tn2'))).status).toBe(404);
    expect((await ctx.t.http().get(`/api/v1/dossiers/${d.id}/audit`).set(auth('tn2'))).status).toBe(404);
    expect((await ctx.t.http().get(`/api/v1/dossiers/${d.id}/forms/01`).set(auth('tn2'))).status).toBe(404);
    expect((await ctx.t.http().get('/api/v1/dossiers/not-a-uuid').set(auth('tn'))).status).toBe(404);
    expect((await ctx.t.http().get('/api/v1/dossiers/00000000-0000-4000-8000-000000000000').set(auth('tn'))).status).toBe(404);

    const wrongState = await post('tn', { action: 'return_result', expectedVersion: 1 });
    expect(wrongState.status).toBe(409);
    expect(wrongState.body.error).toMatchObject({
      code: 'ACTION_NOT_ALLOWED',
      details: { status: 'received', allowedActions: ['complete_step', 'request_supplement', 'request_payment', 'issue_apology', 'withdraw', 'stop'] },
    });

    expect((await post('tn', { action: 'complete_step', expectedVersion: 1 })).status).toBe(200);
    const stale = await post('tn', { action: 'complete_step', expectedVersion: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: 2 } });
    // Now the step is the office's: the economy department's specialist is turned away, the office's is not.
    expect((await post('kt', { action: 'complete_step', expectedVersion: 2 })).status).toBe(403);
    expect((await post('cv', { action: 'complete_step', expectedVersion: 2 })).status).toBe(200);
  });

  it('reads: the commune sees its dossiers, the province viewer the province, other communes nothing', async () => {
    const d = await receive({ subject: 'Xác nhận tình trạng hôn nhân để kết hôn' });
    const mine = await ctx.t.http().get('/api/v1/dossiers?pageSize=500').set(auth('ql'));
    expect(mine.status).toBe(200);
    expect(mine.body.items.some((x: { id: string }) => x.id === d.id)).toBe(true);
    expect((await ctx.t.http().get(`/api/v1/dossiers/${d.id}`).set(auth('tinh'))).status).toBe(200);
    const other = await ctx.t.http().get('/api/v1/dossiers').set(auth('tn2'));
    expect(other.body.total).toBe(0);
    const asked = await ctx.t.http().get('/api/v1/dossiers?agency=LS.LOCBINH').set(auth('tn2'));
    expect(asked.body.total).toBe(0);
    expect((await ctx.t.http().get('/api/v1/dossiers/overdue-board').set(auth('tn2'))).body.items).toEqual([]);
  });

  it('list filters: status, procedure, overdue, dueBefore, q (code, name, id number) and paging', async () => {
    const a = await receive({ applicant: { fullName: 'Trần Thị Bình', idNumber: '020090009999' } });
    const q = (query: string) => ctx.t.http().get(`/api/v1/dossiers?${query}`).set(auth('ql'));
    expect((await q(`q=${encodeURIComponent('trần thị')}`)).body.items.map((x: { id: string }) => x.id)).toEqual([a.id]);
    expect((await q('q=020090009999')).body.items.map((x: { id: string }) => x.id)).toEqual([a.id]);
    expect((await q(`q=${a.code}`)).body.total).toBe(1);
    const received = await q('status=received&pageSize=500');
    expect(received.body.items.every((x: { status: string }) => x.status === 'received')).toBe(true);
    expect((await q('procedure=1.009994')).body.total).toBe(0);
    expect((await q('overdue=true')).body.total).toBe(0);
    expect((await q(`dueBefore=${encodeURIComponent('2026-03-06T00:00:00+07:00')}&pageSize=500`)).body.total).toBeGreaterThanOrEqual(1);
    expect((await q('dueBefore=2026-03-01T00:00:00%2B07:00')).body.total).toBe(0);
    const page = await q('page=1&pageSize=1');
    expect(page.body).toMatchObject({ page: 1, pageSize: 1 });
    expect(page.body.items).toHaveLength(1);
    expect((await q('status=nonsense')).status).toBe(400);
    expect((await q('dueBefore=yesterday')).status).toBe(400);
    expect((await q('pageSize=100000')).status).toBe(400);
  });

  it('forms and public routes reject what they do not know', async () => {
    const d = await receive();
    expect((await ctx.t.http().get(`/api/v1/dossiers/${d.id}/forms/07`).set(auth('tn'))).status).toBe(400);
    expect((await ctx.t.http().get(`/api/v1/dossiers/${d.id}/forms/01?format=pdf`).set(auth('tn'))).status).toBe(400);
    expect((await ctx.t.http().get(`/api/v1/dossiers/${d.id}/forms/02`).set(auth('tn'))).status).toBe(409);
    expect((await ctx.t.http().get('/api/v1/public/dossiers/000.21.37.H37-990101-0001')).status).toBe(404);
    const secret = secretOf(d.trackingUrl);
    const early = await ctx.t.http().post(`/api/v1/public/dossiers/${d.code}/rating`).send({ level: 'satisfied', secret });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('NOT_RATEABLE');
    expect((await ctx.t.http().post(`/api/v1/public/dossiers/${d.code}/rating`).send({ level: 'great', secret })).status).toBe(400);
  });
});
