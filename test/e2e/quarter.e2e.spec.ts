import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/common/clock.js';
import { RollupService } from '../../src/modules/reports/rollup.service.js';
import { event, historyDossier, issue, step } from '../helpers/factories.js';
import { useStaffApp } from '../helpers/staff.js';

/**
 * A hand-computed quarter (issue 24): Q2 2026 in Lộc Bình, with a supplement that pauses the clock, a same-day
 * dossier apologised for before it was late, a statutory extension, a dossier received in Tân Đoàn and decided in Lộc
 * Bình, and one still open and overdue at the quarter's end. Asked after the quarter, then again after later events.
 */
const clock = new FixedClock(new Date('2026-07-10T08:00:00+07:00'));
const ctx = useStaffApp(clock);
const auth = ctx.auth;

const QUARTER = [
  // P, building permit (15 calendar days, PAUSE): received Mon 6/4 08:00, due Tue 21/4 17:00; the supplement waited
  // 24 working hours (Wed 8/4 08:00 – Mon 13/4 08:00), so due Fri 24/4 17:00; decided 24/4 → on time (late without it).
  historyDossier('000.21.37.H37-Q2-P', {
    procedureCode: '1.009994',
    receivedAt: '2026-04-06T08:00:00',
    events: [
      event('request_supplement', '2026-04-08T08:00:00', { items: ['Bản vẽ thiết kế'] }),
      event('receive_supplement', '2026-04-13T08:00:00'),
      step('2026-04-13T09:00:00'),
      step('2026-04-20T09:00:00'),
      issue('2026-04-24T10:00:00'),
      step('2026-04-24T11:00:00'),
    ],
  }),
  // S, birth registration (same day): received Tue 14/4 09:00, due 17:00; apology at 16:00, before it was late (the
  // lead time cannot be met: by the due instant, rule set shortBudgetLeadPercent 0) → on time; decided 15/4 → late.
  historyDossier('000.21.37.H37-Q2-S', {
    procedureCode: '1.001193',
    receivedAt: '2026-04-14T09:00:00',
    events: [
      step('2026-04-14T09:30:00'),
      event('issue_apology', '2026-04-14T16:00:00', { reason: 'Chờ xác minh', newDueAt: '2026-04-15T17:00:00+07:00' }),
      step('2026-04-15T09:00:00'),
      issue('2026-04-15T10:00:00'),
      step('2026-04-15T11:00:00'),
    ],
  }),
  // X, marriage needing verification: received Mon 4/5 09:00, extended at 10:00 to 5 working days (Mon 11/5 09:00);
  // decided Fri 8/5 → early, not late.
  historyDossier('000.21.37.H37-Q2-X', {
    procedureCode: '1.000894',
    receivedAt: '2026-05-04T09:00:00',
    events: [
      step('2026-05-04T09:30:00'),
      event('extend_deadline', '2026-05-04T10:00:00', { extension: 'can_xac_minh', reason: 'Xác minh tình trạng hôn nhân' }),
      step('2026-05-07T09:00:00'),
      issue('2026-05-08T10:00:00'),
      step('2026-05-08T11:00:00'),
    ],
  }),
  // C, received at Tân Đoàn's centre, decided by Lộc Bình: Mon 18/5 08:00, due Thu 21/5 08:00, decided 20/5 → early.
  {
    ...historyDossier('000.21.37.H37-Q2-C', {
      receivedAt: '2026-05-18T08:00:00',
      events: [step('2026-05-18T09:00:00'), step('2026-05-19T09:00:00'), issue('2026-05-20T10:00:00')],
    }),
    receivingAgencyCode: 'LS.TANDOAN',
  },
  // O: received Mon 22/6 08:00, due Thu 25/6 08:00, still open at the quarter's end → in progress, overdue.
  historyDossier('000.21.37.H37-Q2-O', { receivedAt: '2026-06-22T08:00:00', events: [step('2026-06-22T09:00:00')] }),
];

const Q2 = 'from=2026-04-01&to=2026-06-30';
const rowsOf = async (source: string) => {
  const res = await ctx.t.http().get(`/api/v1/reports/indicators?agency=LS&${Q2}&source=${source}`).set(auth('tinh'));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const pick = (key: string) => res.body.rows.find((r: { key: string }) => r.key === key);
  return { locBinh: pick('LS.LOCBINH'), tanDoan: pick('LS.TANDOAN'), total: res.body.total };
};

describe('a hand-computed quarter (Q2 2026): pause, same-day apology, extension, a dossier received across a boundary', () => {
  it('every column, from the dossiers and from the rollups, before and after later events', async () => {
    const imported = await ctx.t.http().post('/api/v1/import/dossiers').set(auth('nhap')).send(QUARTER);
    expect(imported.body, JSON.stringify(imported.body)).toMatchObject({ imported: QUARTER.length, failed: [] });
    const expected = {
      // P, S, X, O received here (all at the counter); C was received at Tân Đoàn.
      received: { total: 4, online: 0, direct: 4, postal: 0, carriedOver: 0 },
      // P on time (its pause), S late, X early (its extension), C early.
      resolved: { total: 4, early: 2, onTime: 1, late: 1 },
      inProgress: { total: 1, withinDeadline: 0, overdue: 1 },
      withdrawn: 0,
      stopped: 0,
      // S resolved late and O open overdue owe form 04; S's came before it was late.
      apologies: { required: 2, issuedOnTime: 1 },
    };
    const first = await rowsOf('live');
    expect(first.locBinh).toMatchObject(expected);
    expect(first.locBinh.rates.onTime).toBe(75);
    expect(first.tanDoan).toMatchObject({ received: { total: 1, direct: 1 }, resolved: { total: 0 }, inProgress: { total: 0 } });
    // A commune's (3) ≠ (7) + (11) by the dossiers received across its boundary; the province's holds.
    expect(first.total).toMatchObject({ received: { total: 5 }, resolved: { total: 4 }, inProgress: { total: 1 } });
    expect(await rowsOf('rollup')).toEqual(first);

    // Later events — O decided late, P handed back, the rollups applied — leave the quarter as it was reported.
    const list = async (q: string) => (await ctx.t.http().get(`/api/v1/dossiers?q=${q}`).set(auth('ql'))).body.items[0];
    for (const [code, who, body] of [
      ['Q2-O', 'cv', { action: 'complete_step' }],
      ['Q2-O', 'ld', { action: 'approve', outcome: 'issued' }],
      ['Q2-P', 'tn', { action: 'return_result' }],
    ] as const) {
      const d = await list(code);
      const res = await ctx.t
        .http()
        .post(`/api/v1/dossiers/${d.id}/actions`)
        .set(auth(who))
        .send({ ...body, expectedVersion: d.version });
      expect(res.status, `${code} ${body.action}: ${JSON.stringify(res.body)}`).toBe(200);
    }
    expect(await ctx.t.app.get(RollupService).apply()).toBeGreaterThan(0);
    for (const source of ['live', 'rollup']) expect(await rowsOf(source), source).toEqual(first);
  });
});
