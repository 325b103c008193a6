import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/common/clock.js';
import { DeadlineSweepService } from '../../src/modules/dossier/deadline-sweep.service.js';
import { FeedbackWarningService } from '../../src/modules/feedback/feedback-warning.service.js';
import { NotificationService } from '../../src/modules/notification/notification.service.js';
import { feedbackBody } from '../helpers/factories.js';
import { actionsOf, receptionBody, useStaffApp } from '../helpers/staff.js';

/**
 * Warnings per step and at the apology deadline (issue 24; domain.md §6 "cảnh báo trước hạn", form 04 of
 * TT 01/2018 and its successors): the step's owning department is warned before its step's own limit, the owner of a
 * dossier not yet apologised for is reminded when the apology falls due, and feedback warns before each step's limit.
 */
const clock = new FixedClock(new Date('2026-03-02T08:00:00+07:00'));
const at = (iso: string | number): void => clock.set(new Date(iso));
const ctx = useStaffApp(clock);
const auth = ctx.auth;
const act = actionsOf(ctx, '/api/v1/dossiers');
const sweep = () => ctx.t.app.get(DeadlineSweepService).sweep();
const minute = 60_000;

async function receive(procedure = '1.004873') {
  const res = await ctx.t.http().post('/api/v1/dossiers').set(auth('tn')).send(receptionBody(procedure));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function notes(query: string) {
  await ctx.t.app.get(NotificationService).deliverPending();
  const res = await ctx.t.http().get(`/api/v1/notifications?${query}&pageSize=100`).set(auth('ql'));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as { agencyCode: string; subject: string; body: string }[];
}

describe('warnings per step (issue 24, domain.md §6)', () => {
  it("warns the step's department before the step's own limit, once per step, and again for the next step", async () => {
    at('2026-03-02T08:00:00+07:00'); // Monday; 3 working days in all, the office's step 1.5 days
    let d = await act('tn', await receive(), 'complete_step');
    const step = d.steps[1];
    expect(step.owner.agencyCode).toBe('LS.LOCBINH.VP');
    // 1.5 working days: one working day left (Monday 12:xx) comes before 75 % of it is used.
    expect(Date.parse(d.stepWarnAt)).toBeGreaterThan(Date.parse(d.receivedAt));
    expect(Date.parse(d.stepWarnAt)).toBeLessThan(Date.parse(step.dueAt));
    expect(Date.parse(d.stepWarnAt)).toBeLessThan(Date.parse(d.warnAt));

    at(Date.parse(d.stepWarnAt) - minute);
    expect((await sweep()).stepsWarned).toBe(0);
    at(Date.parse(d.stepWarnAt) + minute);
    const first = await sweep();
    expect(first.stepsWarned).toBeGreaterThanOrEqual(1);
    expect((await sweep()).stepsWarned).toBe(0);
    let told = await notes(`dossier=${d.id}&kind=step_warning`);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ agencyCode: 'LS.LOCBINH.VP' });
    expect(told[0].subject).toContain('Thẩm định');

    // The inbox of the step's owner shows it as nearly due even though the dossier's own warning is later.
    const inbox = await ctx.t.http().get('/api/v1/dossiers/inbox?badge=warned').set(auth('cv'));
    expect(inbox.status, JSON.stringify(inbox.body)).toBe(200);
    expect(inbox.body.items.map((i: { id: string }) => i.id)).toContain(d.id);

    // The next step (the leader's) has its own warning, given again.
    d = await act('cv', (await ctx.t.http().get(`/api/v1/dossiers/${d.id}`).set(auth('cv'))).body, 'complete_step');
    expect(d.steps[2].owner.agencyCode).toBe('LS.LOCBINH.LD');
    // Half a day for the leader, ending before the dossier's due: warned before it, at 75 % of it.
    expect(Date.parse(d.stepWarnAt)).toBeLessThan(Date.parse(d.steps[2].dueAt));
    at(Date.parse(d.stepWarnAt) + minute);
    expect((await sweep()).stepsWarned).toBeGreaterThanOrEqual(1);
    told = await notes(`dossier=${d.id}&kind=step_warning`);
    expect(told.map((n) => n.agencyCode).sort()).toEqual(['LS.LOCBINH.LD', 'LS.LOCBINH.VP']);
  });

  it('reminds the owner when the apology (form 04) falls due, once, and not after the apology is issued', async () => {
    at('2026-03-16T08:00:00+07:00');
    const d = await act('tn', await receive(), 'complete_step');
    const other = await act('tn', await receive(), 'complete_step');
    // Rule set: form 04 at the latest one working day before the due date.
    expect(Date.parse(d.apologyDueBy)).toBeLessThan(Date.parse(d.dueAt));
    // The other dossier is apologised for before the reminder: it is never reminded.
    await act('cv', other, 'issue_apology', { reason: 'Cần xác minh thêm', newDueAt: new Date(Date.parse(other.dueAt) + 2 * 86_400_000).toISOString() });

    at(Date.parse(d.apologyDueBy) - minute);
    expect((await sweep()).apologiesReminded).toBe(0);
    at(Date.parse(d.apologyDueBy) + minute);
    expect((await sweep()).apologiesReminded).toBe(1);
    expect((await sweep()).apologiesReminded).toBe(0);
    const told = await notes(`dossier=${d.id}&kind=apology_reminder`);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ agencyCode: 'LS.LOCBINH.VP' });
    expect(told[0].body).toContain('mẫu 04');
    expect(await notes(`dossier=${other.id}&kind=apology_reminder`)).toHaveLength(0);
  });

  it('a dossier found overdue is not then told it is nearly due (issue 25, failure 9)', async () => {
    at('2026-03-23T08:00:00+07:00');
    const d = await act('tn', await receive(), 'complete_step');
    // Nobody swept until well past the due instant (every process was down).
    at('2026-03-30T08:00:00+07:00');
    const r = await sweep();
    expect(r.markedOverdue).toBeGreaterThanOrEqual(1);
    expect(await notes(`dossier=${d.id}&kind=deadline_passed`)).toHaveLength(1);
    expect(await notes(`dossier=${d.id}&kind=warning`)).toHaveLength(0);
    expect(await notes(`dossier=${d.id}&kind=step_warning`)).toHaveLength(0);
    expect(await notes(`dossier=${d.id}&kind=apology_reminder`)).toHaveLength(0);
    // Claimed all the same: the next sweep has nothing left to look at.
    expect(await sweep()).toMatchObject({ markedOverdue: 0, warned: 0, stepsWarned: 0, apologiesReminded: 0 });
  });
});

describe('feedback warns before each step of its own (issue 24; pakn process parameters)', () => {
  it('before the classification limit, then before the forwarding limit, once each', async () => {
    at('2026-04-06T08:00:00+07:00'); // Monday
    const created = await ctx.t
      .http()
      .post('/api/v1/feedback')
      .set(auth('tn'))
      .send({ ...feedbackBody(), channel: 'phone' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const warn = () => ctx.t.app.get(FeedbackWarningService).warn();
    // Classification: 2 working days, warned when 75 % is used (Tuesday afternoon), not at reception.
    at('2026-04-06T09:00:00+07:00');
    expect(await warn()).toBe(0);
    at('2026-04-08T08:00:00+07:00'); // Wednesday: past 75 % of two days, before the limit
    expect(await warn()).toBe(1);
    expect(await warn()).toBe(0);
    let told = await notes('kind=feedback_step_warning');
    expect(told.filter((n) => n.subject.includes(created.body.code))).toHaveLength(1);
    expect(told.find((n) => n.subject.includes(created.body.code))!.subject).toContain('phân loại');

    const item = (await ctx.t.http().get(`/api/v1/feedback/${created.body.id}`).set(auth('ql'))).body;
    const fb = actionsOf(ctx, '/api/v1/feedback');
    await fb('ql', item, 'classify', { inScope: true });
    // Forwarding: one working day from Wednesday 08:00, warned at 75 % of it.
    at('2026-04-08T14:00:00+07:00');
    expect(await warn()).toBe(0);
    at('2026-04-08T16:50:00+07:00');
    expect(await warn()).toBe(1);
    told = await notes('kind=feedback_step_warning');
    const mine = told.filter((n) => n.subject.includes(created.body.code));
    expect(mine).toHaveLength(2);
    expect(mine.some((n) => n.subject.includes('chuyển đơn vị xử lý'))).toBe(true);
  });
});
