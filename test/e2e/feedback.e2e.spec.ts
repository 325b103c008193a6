import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/common/clock.js';
import { FeedbackWarningService } from '../../src/modules/feedback/feedback-warning.service.js';
import { NotificationService } from '../../src/modules/notification/notification.service.js';
import { feedbackBody } from '../helpers/factories.js';
import { actionsOf, receptionBody, useStaffApp } from '../helpers/staff.js';

const clock = new FixedClock(new Date('2026-03-02T08:00:00+07:00'));
const ctx = useStaffApp(clock);
const auth = ctx.auth;

const item = feedbackBody;

async function submit(extra: Record<string, unknown> = {}) {
  const res = await ctx.t.http().post('/api/v1/public/feedback').send(item(extra));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const list = await ctx.t.http().get(`/api/v1/feedback?pageSize=500`).set(auth('ql'));
  return list.body.items.find((i: { code: string }) => i.code === res.body.code);
}

const act = actionsOf(ctx, '/api/v1/feedback');

describe('feedback (PAKN)', () => {
  it('answered on time: receive → classify → forward → answer → publish; public view shows the answer, never the sender', async () => {
    clock.set(new Date('2026-03-02T08:00:00+07:00'));
    let f = await submit();
    expect(f).toMatchObject({
      status: 'received',
      code: expect.stringMatching(/^000\.21\.37\.H37-PA-260302-\d{4}$/),
      dueAt: '2026-03-30T08:00:00+07:00',
      classifyDueAt: '2026-03-04T08:00:00+07:00',
    });
    const before = await ctx.t.http().get(`/api/v1/public/feedback/${f.code}`);
    expect(before.body).toMatchObject({ status: 'received', subject: null, answer: null, senderName: 'Trần V** B***' });
    expect(JSON.stringify(before.body)).not.toMatch(/0987654321|binh@example/);

    clock.set(new Date('2026-03-05T09:00:00+07:00'));
    expect((await ctx.t.http().get(`/api/v1/feedback/${f.id}`).set(auth('ql'))).body.stepLate).toBe(true);
    f = await act('tn', f, 'classify', { inScope: true });
    expect(f).toMatchObject({ stepLate: false, forwardDueAt: '2026-03-06T09:00:00+07:00' });
    const rateEarly = await ctx.t.http().post(`/api/v1/public/feedback/${f.code}/rating`).send({ level: 'satisfied' });
    expect(rateEarly.status).toBe(409);
    expect(rateEarly.body.error.code).toBe('NOT_RATEABLE');
    f = await act('tn', f, 'forward', { unitCode: 'LS.LOCBINH.VP' });
    expect(f).toMatchObject({ status: 'forwarded', unitCode: 'LS.LOCBINH.VP', forwards: 1 });
    clock.set(new Date('2026-03-10T09:00:00+07:00'));
    f = await act('cv', f, 'answer', { answer: 'Hồ sơ đã được trả ngày 09/3; Văn phòng xin lỗi vì chậm trễ.' });
    f = await act('ql', f, 'publish');
    expect(f).toMatchObject({ status: 'published', onTime: true, allowedActions: [] });
    expect(f.timeline.map((e: { action: string }) => e.action)).toEqual(['receive', 'classify', 'forward', 'answer', 'publish']);
    expect((await ctx.t.http().get(`/api/v1/feedback/${f.id}/audit`).set(auth('ql'))).body).toMatchObject({ valid: true, events: 5 });

    const pub = await ctx.t.http().get(`/api/v1/public/feedback/${f.code}`);
    expect(pub.body).toMatchObject({ status: 'published', subject: 'Hồ sơ chậm trả kết quả', answer: expect.stringContaining('xin lỗi'), canRate: true });
    const list = await ctx.t.http().get('/api/v1/public/feedback?agency=LS.LOCBINH');
    expect(list.body.items.map((i: { code: string }) => i.code)).toContain(f.code);
    expect(list.body.items.every((i: { status: string }) => i.status === 'published')).toBe(true);
    expect((await ctx.t.http().post(`/api/v1/public/feedback/${f.code}/rating`).send({ level: 'satisfied' })).status).toBe(201);
    expect((await ctx.t.http().post(`/api/v1/public/feedback/${f.code}/rating`).send({ level: 'satisfied' })).status).toBe(409);
  });

  it('late: past its due it is on the board, and published late counts as not on time', async () => {
    clock.set(new Date('2026-03-02T08:00:00+07:00'));
    let f = await submit();
    f = await act('tn', f, 'classify', { inScope: true });
    f = await act('tn', f, 'forward', { unitCode: 'LS.LOCBINH.VP' });
    clock.set(new Date('2026-03-31T08:00:00+07:00'));
    // Thu 26/3 08:00: 16 working hours (2 days) left until Mon 30/3 08:00.
    clock.set(new Date('2026-03-26T08:00:00+07:00'));
    const soon = await ctx.t.http().get('/api/v1/feedback?dueWithinDays=1').set(auth('ql'));
    expect(soon.body.items.map((i: { id: string }) => i.id)).not.toContain(f.id);
    const soon2 = await ctx.t.http().get('/api/v1/feedback?dueWithinDays=2').set(auth('ql'));
    expect(soon2.body.items.map((i: { id: string }) => i.id)).toContain(f.id);
    clock.set(new Date('2026-03-31T08:00:00+07:00'));
    const board = await ctx.t.http().get('/api/v1/feedback?overdue=true').set(auth('ql'));
    expect(board.body.items.map((i: { id: string }) => i.id)).toContain(f.id);
    f = await act('cv', f, 'answer', { answer: 'Đã xử lý.' });
    f = await act('ld', f, 'publish');
    expect(f.onTime).toBe(false);
  });

  it('out of scope: a reason is required, then nothing more can be done', async () => {
    clock.set(new Date('2026-03-02T08:00:00+07:00'));
    let f = await submit({ subject: 'Khiếu nại quyết định xử phạt', about: 'other' });
    const noReason = await act('tn', f, 'classify', { inScope: false }, 400);
    expect(noReason.error.details.fields[0].field).toBe('reason');
    f = await act('tn', f, 'classify', { inScope: false, reason: 'Là khiếu nại: chuyển theo Luật Khiếu nại 2011.' });
    expect(f).toMatchObject({ status: 'out_of_scope', allowedActions: [] });
    const after = await act('tn', f, 'forward', { unitCode: 'LS.LOCBINH.VP' }, 409);
    expect(after.error).toMatchObject({ code: 'ACTION_NOT_ALLOWED', details: { status: 'out_of_scope', allowedActions: [] } });
    expect((await ctx.t.http().get(`/api/v1/public/feedback/${f.code}`)).body.outOfScopeReason).toContain('Luật Khiếu nại');
  });

  it('forwarded twice: only the unit it was last sent to answers', async () => {
    clock.set(new Date('2026-03-02T08:00:00+07:00'));
    let f = await submit({ about: 'regulation' });
    f = await act('tn', f, 'classify', { inScope: true });
    f = await act('tn', f, 'forward', { unitCode: 'LS.LOCBINH.VP' });
    f = await act('ql', f, 'forward', { unitCode: 'LS.LOCBINH.KT' });
    expect(f).toMatchObject({ forwards: 2, unitCode: 'LS.LOCBINH.KT' });
    await act('cv', f, 'answer', { answer: 'x' }, 403);
    f = await act('kt', f, 'answer', { answer: 'Phòng Kinh tế trả lời.' });
    expect(f.status).toBe('answered');
    await act('tn', f, 'forward', { unitCode: 'LS.TANDOAN.VP' }, 409);
  });

  it('staff-logged items, dossier links, versions, scopes and bad input', async () => {
    clock.set(new Date('2026-03-02T08:00:00+07:00'));
    const d = (await ctx.t.http().post('/api/v1/dossiers').set(auth('tn')).send(receptionBody())).body;
    const logged = await ctx.t
      .http()
      .post('/api/v1/feedback')
      .set(auth('tn'))
      .send({ ...item({ about: 'dossier_handling', dossierCode: d.code }), channel: 'phone' });
    expect(logged.status, JSON.stringify(logged.body)).toBe(201);
    const f = (await ctx.t.http().get(`/api/v1/feedback?pageSize=500`).set(auth('ql'))).body.items.find((i: { code: string }) => i.code === logged.body.code);
    expect(f).toMatchObject({ channel: 'phone', dossierId: d.id, about: 'dossier_handling' });
    expect(logged.body).toMatchObject({ id: f.id, status: 'received', version: 1 });
    expect(f.version).toBe(1);
    expect(
      (
        await ctx.t
          .http()
          .post('/api/v1/public/feedback')
          .send(item({ about: 'dossier_handling', dossierCode: 'XYZ-1' }))
      ).status,
    ).toBe(400);
    expect(
      (
        await ctx.t
          .http()
          .post('/api/v1/feedback')
          .set(auth('cv'))
          .send({ ...item(), channel: 'phone' })
      ).status,
    ).toBe(403);
    expect(
      (
        await ctx.t
          .http()
          .post('/api/v1/feedback')
          .set(auth('tn'))
          .send({ ...item(), channel: 'pigeon' })
      ).status,
    ).toBe(400);
    expect((await ctx.t.http().get(`/api/v1/feedback/${f.id}`).set(auth('tn2'))).status).toBe(404);
    await act('tn', f, 'classify', { inScope: true });
    const stale = await act('tn', f, 'forward', { unitCode: 'LS.LOCBINH.VP' }, 409);
    expect(stale.error.code).toBe('VERSION_CONFLICT');
    await act('tn', { ...f, version: 2 }, 'forward', { unitCode: 'LS.TANDOAN.VP' }, 400);
    await act('cv', { ...f, version: 2 }, 'publish', {}, 403);
    expect(
      (
        await ctx.t
          .http()
          .post('/api/v1/public/feedback')
          .send(item({ subject: 'x' }))
      ).status,
    ).toBe(400);
    expect(
      (
        await ctx.t
          .http()
          .post('/api/v1/public/feedback')
          .send(item({ body: 'y'.repeat(5001) }))
      ).status,
    ).toBe(400);
    expect(
      (
        await ctx.t
          .http()
          .post('/api/v1/public/feedback')
          .send({ ...item(), extra: 1 })
      ).status,
    ).toBe(400);
  });

  it('feeds the indicators: on-time rate, answer satisfaction, and the linked dossier counted as dissatisfied', async () => {
    // Decide the dossier the phone feedback above was about.
    clock.set(new Date('2026-03-03T08:00:00+07:00'));
    const linked = (await ctx.t.http().get('/api/v1/dossiers?pageSize=1').set(auth('ql'))).body.items[0];
    let d = await ctx.t.http().post(`/api/v1/dossiers/${linked.id}/actions`).set(auth('tn')).send({ action: 'complete_step', expectedVersion: linked.version });
    d = await ctx.t.http().post(`/api/v1/dossiers/${linked.id}/actions`).set(auth('cv')).send({ action: 'complete_step', expectedVersion: d.body.version });
    d = await ctx.t
      .http()
      .post(`/api/v1/dossiers/${linked.id}/actions`)
      .set(auth('ld'))
      .send({ action: 'approve', outcome: 'issued', expectedVersion: d.body.version });
    expect(d.status).toBe(200);
    // Asked once March has ended (a month not ended yet is counted as of now).
    clock.set(new Date('2026-04-01T08:00:00+07:00'));
    const r = (await ctx.t.http().get('/api/v1/reports/indicators?agency=LS.LOCBINH&from=2026-03-01&to=2026-03-31').set(auth('ql'))).body;
    // Judged in March: published on time (1), published late (1), answered but unpublished past due (1), classified
    // past due (1); the out-of-scope item does not count.
    expect(r.feedback).toMatchObject({ judged: 4, onTime: 1, published: 2, dissatisfied: 0, rates: { onTime: 25, answerSatisfaction: 100 } });
    // The only decided dossier is the subject of an in-scope feedback: dissatisfied under QĐ 766, though unrated.
    expect(r.total.basis).toMatchObject({ decided: 1, dissatisfied: 0, dissatisfied766: 1 });
    expect(r.total.rates.satisfaction766).toBe(0);
    const i766 = (await ctx.t.http().get('/api/v1/reports/index-766?agency=LS.LOCBINH&from=2026-03-01&to=2026-03-31').set(auth('ql'))).body;
    expect(i766.groups[4].items[0]).toMatchObject({ id: '5.1', value: 25, computed: false });
  });

  it('QĐ 766 satisfaction: only an in-scope item about the dossier’s handling, once classified, counts against it (issue 24)', async () => {
    clock.set(new Date('2026-05-04T08:00:00+07:00'));
    const received = await ctx.t.http().post('/api/v1/dossiers').set(auth('tn')).send(receptionBody());
    let d = received.body;
    for (const [who, body] of [
      ['tn', { action: 'complete_step' }],
      ['cv', { action: 'complete_step' }],
      ['ld', { action: 'approve', outcome: 'issued' }],
    ] as const) {
      d = (
        await ctx.t
          .http()
          .post(`/api/v1/dossiers/${d.id}/actions`)
          .set(auth(who))
          .send({ ...body, expectedVersion: d.version })
      ).body;
    }
    expect(d.outcome).toBe('issued');
    const against = async (): Promise<number[]> => {
      const q = '/api/v1/reports/indicators?agency=LS.LOCBINH&from=2026-05-04&to=2026-05-04';
      const [live, rollup] = await Promise.all(['live', 'rollup'].map((s) => ctx.t.http().get(`${q}&source=${s}`).set(auth('ql'))));
      return [live.body.total.basis.dissatisfied766, rollup.body.total.basis.dissatisfied766];
    };
    const logged = async (about: string) => {
      const res = await ctx.t
        .http()
        .post('/api/v1/feedback')
        .set(auth('tn'))
        .send({ ...item({ about, dossierCode: d.code }), channel: 'phone' });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body;
    };
    // [what happened, dossiers counted against (live, rollups)]
    const regulation = await logged('regulation');
    await act('tn', regulation, 'classify', { inScope: true });
    expect(await against(), 'about a regulation, in scope').toEqual([0, 0]);
    const handling = await logged('dossier_handling');
    expect(await against(), 'about the handling, not classified yet').toEqual([0, 0]);
    await act('tn', handling, 'classify', { inScope: false, reason: 'Khiếu nại: chuyển theo Luật Khiếu nại' });
    expect(await against(), 'about the handling, out of scope').toEqual([0, 0]);
    await act('tn', await logged('dossier_handling'), 'classify', { inScope: true });
    expect(await against(), 'about the handling, in scope').toEqual([1, 1]);
  });

  it('warns the handling unit once when 2 working days are left', async () => {
    clock.set(new Date('2026-04-01T08:00:00+07:00'));
    let f = await submit();
    // 20 working days over Giỗ Tổ (compensated Mon 27/4), 30/4 and 1/5.
    expect(f.dueAt).toBe('2026-05-04T08:00:00+07:00');
    f = await act('tn', f, 'classify', { inScope: true });
    f = await act('tn', f, 'forward', { unitCode: 'LS.LOCBINH.KT' });
    const svc = ctx.t.app.get(FeedbackWarningService);
    const notesFor = async () => {
      await ctx.t.app.get(NotificationService).deliverPending();
      const all = (await ctx.t.http().get('/api/v1/notifications?kind=feedback_warning&pageSize=500').set(auth('ql'))).body.items;
      return all.filter((n: { subject: string }) => n.subject.includes(f.code));
    };
    clock.set(new Date('2026-04-24T16:00:00+07:00'));
    await svc.warn();
    expect(await notesFor()).toHaveLength(0);
    clock.set(new Date('2026-04-29T08:00:00+07:00'));
    await svc.warn();
    expect(await svc.warn()).toBe(0);
    const notes = await notesFor();
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ agencyCode: 'LS.LOCBINH.KT', audience: 'staff' });
  });

  it('concurrent actions on one item: exactly one is written, the others get 409, the audit chain stays whole', async () => {
    // Another month and a staff-logged item: the figures the tests above read stay as they are. (The per-address limit
    // on public submissions is the route's: test/e2e/rate-limits.e2e.spec.ts.)
    clock.set(new Date('2026-09-01T08:00:00+07:00'));
    const logged = await ctx.t
      .http()
      .post('/api/v1/feedback')
      .set(auth('tn'))
      .send({ ...item(), channel: 'phone' });
    const f = logged.body;
    const tries = await Promise.all(
      (['tn', 'ql', 'tn', 'ql', 'tn'] as const).map((who) =>
        ctx.t.http().post(`/api/v1/feedback/${f.id}/actions`).set(auth(who)).send({ action: 'classify', inScope: true, expectedVersion: f.version }),
      ),
    );
    expect(tries.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
    for (const r of tries.filter((t) => t.status === 409)) expect(r.body.error).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: 2 } });
    const won = tries.find((r) => r.status === 200)!.body;
    expect(won).toMatchObject({ status: 'classified', version: 2 });
    expect(won.timeline.map((e: { action: string }) => e.action)).toEqual(['receive', 'classify']);
    const audit = await ctx.t.http().get(`/api/v1/feedback/${f.id}/audit`).set(auth('ql'));
    expect(audit.body).toMatchObject({ valid: true, events: 2 });
    expect(
      (await ctx.t.http().post(`/api/v1/feedback/not-a-uuid/actions`).set(auth('tn')).send({ action: 'classify', inScope: true, expectedVersion: 1 })).status,
    ).toBe(404);
  });
});
