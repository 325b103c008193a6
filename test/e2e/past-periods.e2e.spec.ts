import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/common/clock.js';
import { DeadlineSweepService } from '../../src/modules/dossier/deadline-sweep.service.js';
import { RollupService } from '../../src/modules/reports/rollup.service.js';
import { actionsOf, receptionBody, useStaffApp } from '../helpers/staff.js';

/**
 * Past periods do not change (issue 24): a month's report recomputed later equals the one sent upward, although a
 * dossier overdue at the month's end was later paused and restarted (its due moved into the next month), and another
 * was waiting for the citizen at the month's end. Both ways of counting (live, rollup) say the same.
 */
const clock = new FixedClock(new Date('2026-03-23T08:00:00+07:00'));
const at = (iso: string): void => clock.set(new Date(iso));
const ctx = useStaffApp(clock);
const auth = ctx.auth;
const act = actionsOf(ctx, '/api/v1/dossiers');

async function receive(procedure: string) {
  const res = await ctx.t.http().post('/api/v1/dossiers').set(auth('tn')).send(receptionBody(procedure));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}
const read = async (d: { id: string }) => (await ctx.t.http().get(`/api/v1/dossiers/${d.id}`).set(auth('ql'))).body;

async function march(source: 'live' | 'rollup') {
  const res = await ctx.t.http().get(`/api/v1/reports/indicators?agency=LS.LOCBINH&from=2026-03-01&to=2026-03-31&source=${source}`).set(auth('ql'));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { inProgress: res.body.total.inProgress, apologies: res.body.total.apologies, resolved: res.body.total.resolved };
}
async function overdueCodes() {
  const res = await ctx.t
    .http()
    .get('/api/v1/reports/indicators/dossiers?agency=LS.LOCBINH&from=2026-03-01&to=2026-03-31&measure=inProgress.overdue')
    .set(auth('ql'));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items.map((i: { code: string }) => i.code);
}

describe('a past period reads the dues and waits as they were at its end (issue 24)', () => {
  it("March's report, sent on 1 April, is the same on 3 and 8 April after a restart and a resumption", async () => {
    // A: certificate of marital status, 3 working days (RESTART on a supplement), late from 27 March.
    at('2026-03-23T08:00:00+07:00');
    let a = await act('tn', await receive('1.004873'), 'complete_step');
    // B: building permit (PAUSE on a supplement), waiting for the citizen from 30 March to 3 April.
    let b = await act('tn', await receive('1.009994'), 'complete_step');
    at('2026-03-27T08:00:00+07:00');
    await ctx.t.app.get(DeadlineSweepService).sweep();
    a = await read(a);
    expect(a.condition).toBe('overdue');
    at('2026-03-30T09:00:00+07:00');
    b = await act('kt', await read(b), 'request_supplement', { items: ['Bản vẽ thiết kế'] });

    at('2026-04-01T08:00:00+07:00');
    await ctx.t.app.get(RollupService).apply();
    const sent = await march('live');
    expect(sent.inProgress).toEqual({ total: 2, withinDeadline: 1, overdue: 1 });
    expect(await march('rollup')).toEqual(sent);
    expect(await overdueCodes()).toEqual([a.code]);

    // 2 April: the late dossier A waits for papers; 6 April: they come, and its time starts again (due 9 April).
    at('2026-04-02T09:00:00+07:00');
    a = await act('cv', await read(a), 'request_supplement', { items: ['Bản sao giấy tờ tùy thân'] });
    at('2026-04-03T09:00:00+07:00');
    b = await act('tn', await read(b), 'receive_supplement');
    expect(b.status).toBe('processing');
    expect(await march('live')).toEqual(sent);
    expect(await march('rollup')).toEqual(sent);
    at('2026-04-06T09:00:00+07:00');
    a = await act('tn', await read(a), 'receive_supplement');
    expect(Date.parse(a.originalDueAt)).toBeGreaterThan(Date.parse('2026-04-01T00:00:00+07:00'));
    expect(a.condition).toBe('on_time');

    at('2026-04-08T08:00:00+07:00');
    expect(await march('live')).toEqual(sent);
    expect(await march('rollup')).toEqual(sent);
    await ctx.t.app.get(RollupService).apply();
    expect(await march('rollup')).toEqual(sent);
    expect(await overdueCodes()).toEqual([a.code]);

    // April, counted as of now: A is within its new time, B too.
    const april = await ctx.t.http().get('/api/v1/reports/indicators?agency=LS.LOCBINH&from=2026-04-01&to=2026-04-30&source=live').set(auth('ql'));
    expect(april.body.total.inProgress).toEqual({ total: 2, withinDeadline: 2, overdue: 0 });
  });
});
