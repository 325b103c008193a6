import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/common/clock.js';
import { Db } from '../../src/database/db.js';
import { APPLICANT, useStaffApp } from '../helpers/staff.js';

const clock = new FixedClock(new Date('2026-04-01T08:00:00+07:00'));
const ctx = useStaffApp(clock);
const auth = ctx.auth;

const base = { procedureCode: '1.004873', agencyCode: 'LS.LOCBINH', channel: 'online', applicant: APPLICANT };

const lateItem = {
  ...base,
  code: '000.21.37.H37-260302-9001',
  receivedAt: '2026-03-02T08:00:00+07:00',
  events: [
    { action: 'complete_step', at: '2026-03-02T09:00:00+07:00', actor: 'Lê Văn Tiếp' },
    { action: 'complete_step', at: '2026-03-06T10:00:00+07:00' },
    { action: 'approve', at: '2026-03-06T11:00:00+07:00', outcome: 'issued' },
    { action: 'complete_step', at: '2026-03-06T14:00:00+07:00' },
    { action: 'return_result', at: '2026-03-09T08:00:00+07:00' },
  ],
};

describe('history import', () => {
  it('tells nobody about the past: no reception, decision or overdue message is queued for imported events (issue 25)', async () => {
    const item = { ...lateItem, code: '000.21.37.H37-260302-9101' };
    const res = await ctx.t.http().post('/api/v1/import/dossiers').set(auth('nhap')).send([item]);
    expect(res.body, JSON.stringify(res.body)).toMatchObject({ imported: 1, failed: [] });
    const [{ id }] = await ctx.t.app.get(Db).statement<{ id: string }>('SELECT id FROM dossier WHERE code = $1', [item.code]);
    const [{ n }] = await ctx.t.app.get(Db).statement<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE payload->>'dossierId' = $1`, [id]);
    expect(n).toBe(0);
    // A reception today still tells its applicant.
    const live = await ctx.t
      .http()
      .post('/api/v1/dossiers')
      .set(auth('tn'))
      .send({ ...base, channel: 'direct', documents: [{ name: 'Tờ khai', form: 'original', count: 1 }] });
    expect(live.status, JSON.stringify(live.body)).toBe(201);
    const [told] = await ctx.t.app.get(Db).statement<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE payload->>'dossierId' = $1`, [live.body.id]);
    expect(told.n).toBe(1);
  });

  it('replays each item at its own times, rejects bad items alone, and is a no-op the second time', async () => {
    const items = [
      lateItem,
      {
        ...base,
        code: '000.21.37.H37-260302-9002',
        receivedAt: '2026-03-02T08:00:00+07:00',
        events: [{ action: 'return_result', at: '2026-03-02T09:00:00+07:00' }],
      },
      { ...base, code: '000.21.37.H37-260302-9003', receivedAt: 'yesterday', events: [] },
      {
        ...base,
        code: '000.21.37.H37-260302-9004',
        receivedAt: '2026-03-02T08:00:00+07:00',
        events: [{ action: 'withdraw', at: '2026-03-02T09:00:00+07:00', reason: 'rút' }],
      },
    ];
    const res = await ctx.t.http().post('/api/v1/import/dossiers').set(auth('nhap')).send(items);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.imported).toBe(2);
    expect(res.body.failed.map((f: { index: number }) => f.index)).toEqual([1, 2]);
    expect(res.body.failed[0].error.code).toBe('ACTION_NOT_ALLOWED');
    expect(res.body.failed[1].error.details.fields[0].field).toBe('receivedAt');

    const list = await ctx.t.http().get(`/api/v1/dossiers?q=${lateItem.code}`).set(auth('tinh'));
    const d = (await ctx.t.http().get(`/api/v1/dossiers/${list.body.items[0].id}`).set(auth('tinh'))).body;
    // Due Thu 5/3 08:00 (3 working days, as if live); the deadline passed before the 6/3 step: replayed.
    expect(d).toMatchObject({ status: 'returned', imported: true, originalDueAt: '2026-03-05T08:00:00+07:00', resultClass: 'late', condition: 'overdue' });
    expect(d.timeline.map((e: { action: string }) => e.action)).toEqual([
      'receive',
      'complete_step',
      'deadline_passed',
      'complete_step',
      'approve',
      'complete_step',
      'return_result',
    ]);
    expect(d.timeline[1]).toMatchObject({ actor: 'Lê Văn Tiếp', at: '2026-03-02T09:00:00+07:00' });
    expect((await ctx.t.http().get(`/api/v1/dossiers/${d.id}/audit`).set(auth('tinh'))).body.valid).toBe(true);

    const again = await ctx.t.http().post('/api/v1/import/dossiers').set(auth('nhap')).send([lateItem]);
    expect(again.body).toMatchObject({ imported: 0, skipped: [{ index: 0, code: lateItem.code }], failed: [] });
  });

  it('accepts NDJSON, and only importers and admins may import', async () => {
    const item = { ...base, code: '000.21.37.H37-260303-9100', receivedAt: '2026-03-03T08:00:00+07:00', events: [] };
    const nd = JSON.stringify(item) + '\n' + JSON.stringify({ ...item, code: '000.21.37.H37-260303-9101' }) + '\n';
    const res = await ctx.t.http().post('/api/v1/import/dossiers').set(auth('admin')).set('Content-Type', 'application/x-ndjson').send(nd);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.imported).toBe(2);
    const bad = await ctx.t.http().post('/api/v1/import/dossiers').set(auth('admin')).set('Content-Type', 'application/x-ndjson').send('{oops\n');
    expect(bad.status).toBe(400);
    expect((await ctx.t.http().post('/api/v1/import/dossiers').set(auth('tn')).send([item])).status).toBe(403);
    expect((await ctx.t.http().post('/api/v1/import/dossiers').set(auth('admin')).send({ not: 'an array' })).status).toBe(400);
  });
});
