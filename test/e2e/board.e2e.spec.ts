import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/common/clock.js';
import { DeadlineSweepService } from '../../src/modules/dossier/deadline-sweep.service.js';
import { actionsOf, receptionBody, useStaffApp } from '../helpers/staff.js';

/**
 * The overdue board (issue 23): each open dossier in one bucket (late, apology owed, past the early warning,
 * waiting for the citizen), attributed to the department owning the late step, with filters and counts.
 */
const clock = new FixedClock(new Date('2026-02-23T08:00:00+07:00'));
const at = (iso: string): void => clock.set(new Date(iso));
const ctx = useStaffApp(clock);
const auth = ctx.auth;
const act = actionsOf(ctx, '/api/v1/dossiers');

async function receive(procedure = '1.004873') {
  const res = await ctx.t.http().post('/api/v1/dossiers').set(auth('tn')).send(receptionBody(procedure));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

describe('the overdue board', () => {
  it('puts each dossier in one bucket, names the department the lateness belongs to, and filters', async () => {
    at('2026-02-23T08:00:00+07:00'); // Monday: due Thursday, long past by the board's morning
    const late = await act('tn', await receive(), 'complete_step');
    at('2026-02-26T08:00:00+07:00'); // Thursday, 7 working days: 75% used next Thursday 10:00, the police's step due Friday
    const warned = await act('tn', await receive('1.004194'), 'complete_step');
    at('2026-03-02T08:00:00+07:00'); // Monday: due Thursday; the office's step (1.5 days) ends Tuesday
    const stepLate = await act('tn', await receive(), 'complete_step');
    at('2026-03-05T09:00:00+07:00');
    const waiting = await act('tn', await receive(), 'request_supplement', { items: ['Bản sao giấy khai sinh'] });
    const quiet = await receive();
    at('2026-03-05T11:00:00+07:00');
    await ctx.t.app.get(DeadlineSweepService).sweep();

    const res = await ctx.t.http().get('/api/v1/dossiers/overdue-board').set(auth('ql'));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const b = res.body;
    const bucketOf = (d: { id: string }) => b.items.find((i: { id: string }) => i.id === d.id)?.bucket;
    expect([late, stepLate, warned, waiting, quiet].map(bucketOf)).toEqual(['overdue', 'apology_due', 'warned', 'waiting', undefined]);
    const item = b.items.find((i: { id: string }) => i.id === late.id);
    expect(item).toMatchObject({
      procedure: { code: '1.004873', name: 'Cấp Giấy xác nhận tình trạng hôn nhân', field: 'Hộ tịch' },
      bucketText: 'Quá hạn',
      unit: { code: 'LS.LOCBINH.VP', name: 'Văn phòng HĐND và UBND xã Lộc Bình' },
      step: { id: 'tham_dinh', late: true },
      apology: { issued: 0, needed: true },
      workingTimeLeft: { text: expect.stringMatching(/^quá hạn \d+ ngày/) },
    });
    expect(b.items.find((i: { id: string }) => i.id === stepLate.id)).toMatchObject({
      unit: { code: 'LS.LOCBINH.VP' },
      apology: { needed: true, dueBy: expect.any(String) },
    });
    expect(b.items.find((i: { id: string }) => i.id === waiting.id).workingTimeLeft.text).toBe('tạm dừng, chờ công dân');
    // Most urgent first: the late one, then the one owing an apology.
    expect(b.items.slice(0, 2).map((i: { id: string }) => i.id)).toEqual([late.id, stepLate.id]);
    expect(b.counts).toEqual({ overdue: 1, apology_due: 1, warned: 1, waiting: 1 });
    const office = b.departments.find((u: { code: string }) => u.code === 'LS.LOCBINH.VP');
    expect(office.counts).toEqual({ overdue: 1, apology_due: 1, warned: 0, waiting: 0 });
    const police = b.items.find((i: { id: string }) => i.id === warned.id).unit.code;
    expect(b.departments.find((u: { code: string }) => u.code === police).counts.warned).toBe(1);
    expect(b.departments[0].code).toBe('LS.LOCBINH.VP');
    expect(b.truncated).toBe(false);

    const byField = await ctx.t.http().get('/api/v1/dossiers/overdue-board?field=Ch%E1%BB%A9ng%20th%E1%BB%B1c').set(auth('ql'));
    expect(byField.body.items).toEqual([]);
    const byProcedure = await ctx.t.http().get('/api/v1/dossiers/overdue-board?procedure=1.004873').set(auth('ql'));
    expect(byProcedure.body.counts).toEqual({ ...b.counts, warned: 0 });
    // Another commune's receptionist sees none of it; an unknown unit is a clear 400.
    expect((await ctx.t.http().get('/api/v1/dossiers/overdue-board').set(auth('tn2'))).body.counts).toEqual({
      overdue: 0,
      apology_due: 0,
      warned: 0,
      waiting: 0,
    });
    const unknown = await ctx.t.http().get('/api/v1/dossiers/overdue-board?agency=KHONG.CO').set(auth('ql'));
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('VALIDATION_FAILED');

    // An apology moves the late dossier's apology to issued; the board still counts it late.
    const apologised = await act('cv', { id: late.id, version: late.version + 1 }, 'issue_apology', {
      reason: 'Cần xác minh thêm',
      newDueAt: '2026-03-10T16:00:00+07:00',
    });
    const after = (await ctx.t.http().get('/api/v1/dossiers/overdue-board').set(auth('ql'))).body;
    expect(after.items.find((i: { id: string }) => i.id === apologised.id)).toMatchObject({ bucket: 'overdue', apology: { issued: 1, needed: false } });
  });
});
