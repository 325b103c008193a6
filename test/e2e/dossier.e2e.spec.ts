import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/common/clock.js';
import { Db } from '../../src/database/db.js';
import { DeadlineSweepService } from '../../src/modules/dossier/deadline-sweep.service.js';
import { NotificationService } from '../../src/modules/notification/notification.service.js';
import { actionsOf, receptionBody, useStaffApp } from '../helpers/staff.js';

// Mon 2 March 2026, 08:00 Vietnam time: an ordinary working day.
const MON = Date.parse('2026-03-02T08:00:00+07:00');
const clock = new FixedClock(new Date(MON));
const ctx = useStaffApp(clock);
const auth = ctx.auth;

const at = (iso: string): void => clock.set(new Date(iso));

async function receive(procedure = '1.004873', extra: Record<string, unknown> = {}) {
  const res = await ctx.t.http().post('/api/v1/dossiers').set(auth('tn')).send(receptionBody(procedure, extra));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const act = actionsOf(ctx, '/api/v1/dossiers');

describe('dossier lifecycle over HTTP', () => {
  it('normal path: reception → steps → approval → result returned, with timeline, audit, forms, tracking and rating', async () => {
    at('2026-03-02T08:00:00+07:00');
    let d = await receive();
    expect(d.code).toMatch(/^000\.21\.37\.H37-260302-\d{4}$/);
    expect(d).toMatchObject({ status: 'received', version: 1, receivedAt: '2026-03-02T08:00:00+07:00', dueAt: '2026-03-05T08:00:00+07:00' });
    expect(d.originalDueAt).toBe(d.dueAt);
    expect(d.currentStep).toMatchObject({ id: 'tiep_nhan', ownerCode: 'LS.LOCBINH.TTPVHCC', dueAt: '2026-03-02T14:00:00+07:00' });
    expect(d.receipt).toMatchObject({ form: '01', dossierCode: d.code, appointment: '2026-03-05T08:00:00+07:00', receivedBy: 'Cán bộ tn' });
    // The receipt's link is the citizen's page with the receipt's secret (api.md, 2026-12), the same staff see.
    expect(d.receipt.trackingUrl).toMatch(new RegExp(`^http://localhost:3000/tra-cuu/${d.code.replace(/\./g, '\\.')}\\?k=[\\w-]{16}$`));
    expect(d.trackingUrl).toBe(d.receipt.trackingUrl);
    expect(d.userActions).toEqual(['complete_step', 'request_supplement', 'request_payment', 'withdraw']);
    const secret = new URL(d.receipt.trackingUrl).searchParams.get('k')!;

    at('2026-03-02T10:00:00+07:00');
    d = await act('tn', d, 'complete_step', { note: 'Chuyển Văn phòng thẩm định' });
    expect(d).toMatchObject({ status: 'processing', version: 2, currentStep: { id: 'tham_dinh', ownerCode: 'LS.LOCBINH.VP' } });
    at('2026-03-03T09:00:00+07:00');
    d = await act('cv', d, 'complete_step');
    expect(d.currentStep.id).toBe('ky_duyet');
    expect(d.allowedActions).toContain('approve');
    expect(d.allowedActions).not.toContain('complete_step');
    at('2026-03-03T15:00:00+07:00');
    d = await act('ld', d, 'approve', { outcome: 'issued', electronic: true });
    expect(d).toMatchObject({ status: 'processing', outcome: 'issued', resultClass: 'early', resolvedAt: '2026-03-03T15:00:00+07:00' });
    at('2026-03-03T16:00:00+07:00');
    d = await act('tn', d, 'complete_step');
    expect(d.status).toBe('result_ready');
    at('2026-03-04T08:00:00+07:00');
    d = await act('tn', d, 'return_result');
    expect(d).toMatchObject({ status: 'returned', version: 6, allowedActions: [], returnedAt: '2026-03-04T08:00:00+07:00' });
    expect(d.timeline.map((e: { action: string }) => e.action)).toEqual([
      'receive',
      'complete_step',
      'complete_step',
      'approve',
      'complete_step',
      'return_result',
    ]);
    expect(d.timeline[1]).toMatchObject({ actor: 'Cán bộ tn', from: 'received', to: 'processing.tham_dinh', note: 'Chuyển Văn phòng thẩm định' });
    // The action's response carries the same timeline a fresh read gives.
    expect(d.timeline).toEqual((await ctx.t.http().get(`/api/v1/dossiers/${d.id}`).set(auth('tn'))).body.timeline);
    // tham_dinh due Tue 16:00 (12 working hours from Mon 10:00), done Tue 09:00: same date → on time;
    // tra_ket_qua due Wed 09:00, done Tue 16:00 → early.
    expect(d.steps.map((s: { dueAt: string }) => s.dueAt)).toEqual([
      '2026-03-02T14:00:00+07:00',
      '2026-03-03T16:00:00+07:00',
      '2026-03-03T15:00:00+07:00',
      '2026-03-04T09:00:00+07:00',
    ]);
    expect(d.steps.map((s: { result: string }) => s.result)).toEqual(['on_time', 'on_time', 'on_time', 'early']);

    const audit = await ctx.t.http().get(`/api/v1/dossiers/${d.id}/audit`).set(auth('ql'));
    expect(audit.body).toMatchObject({ valid: true, events: 6, brokenAt: null });

    const f06 = await ctx.t.http().get(`/api/v1/dossiers/${d.id}/forms/06?format=json`).set(auth('ql'));
    expect(f06.status).toBe(200);
    expect(f06.body.rows).toHaveLength(5);
    expect(f06.body.rows[1]).toMatchObject({
      from: 'Văn phòng HĐND và UBND xã Lộc Bình',
      to: 'Lãnh đạo UBND xã Lộc Bình (Chủ tịch, Phó Chủ tịch)',
      result: 'Đúng hạn',
    });
    expect(f06.body.rows[3]).toMatchObject({ from: 'Trung tâm Phục vụ hành chính công xã Lộc Bình', to: 'Trả kết quả', result: 'Trước hạn' });
    const html = await ctx.t.http().get(`/api/v1/dossiers/${d.id}/forms/01`).set(auth('tn'));
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.text).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    expect(html.text).toContain('08 giờ 00 phút, ngày 05/03/2026');
    expect(html.text).toContain('<svg');
    // The number of sets and the register entry (form 07's day, the code's sequence of that day).
    expect(html.text).toContain(`Số lượng hồ sơ: <b>01 (bộ)</b>; vào Sổ theo dõi hồ sơ: <b>ngày 02/03/2026, số thứ tự ${d.code.slice(-4)}</b>`);
    expect(html.text).toContain('Mẫu số 01');

    // The code alone tells the status; the receipt's secret also shows the steps and allows the rating.
    const pub = await ctx.t.http().get(`/api/v1/public/dossiers/${d.code}`);
    expect(pub.status).toBe(200);
    expect(pub.body).toMatchObject({ code: d.code, applicantName: 'Nguyễn V** A*', status: 'returned', canRate: false, secretValid: false });
    expect(pub.body.steps).toBeUndefined();
    const holder = await ctx.t.http().get(`/api/v1/public/dossiers/${d.code}?k=${secret}`);
    expect(holder.body).toMatchObject({ canRate: true, secretValid: true, missingPapers: [], apologyLetters: [] });
    expect(holder.body.steps.map((s: { finishedAt: string | null }) => s.finishedAt !== null)).toEqual([true, true, true, true]);
    for (const body of [pub.body, holder.body]) {
      expect(JSON.stringify(body)).not.toContain('020090001234');
      expect(JSON.stringify(body)).not.toContain('0912345678');
    }
    // Without the secret, with a wrong one, or for a code that does not exist: the same 403, so codes cannot be probed.
    for (const [code, body] of [
      [d.code, {}],
      [d.code, { secret: 'x'.repeat(16) }],
      ['000.21.37.H37-260302-9999', { secret }],
    ] as const) {
      const refused = await ctx.t
        .http()
        .post(`/api/v1/public/dossiers/${code}/rating`)
        .send({ level: 'satisfied', ...body });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('RATING_SECRET_INVALID');
    }
    const rate = await ctx.t.http().post(`/api/v1/public/dossiers/${d.code}/rating`).send({ level: 'satisfied', comment: 'Nhanh', secret });
    expect(rate.status).toBe(201);
    const again = await ctx.t.http().post(`/api/v1/public/dossiers/${d.code}/rating`).send({ level: 'dissatisfied', secret });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ALREADY_RATED');

    await ctx.t.app.get(NotificationService).deliverPending();
    const notes = await ctx.t.http().get(`/api/v1/notifications?dossier=${d.id}&audience=applicant`).set(auth('ql'));
    expect(notes.body.items.map((n: { kind: string }) => n.kind)).toEqual(['receive', 'approve', 'complete_step']);
    expect(notes.body.items[0]).toMatchObject({ recipient: 'an@example.vn', channel: 'recorded' });
  });

  it('reception outcomes: incomplete → form 02 with what is missing, out of scope → form 03 with the reason; no code, no clock', async () => {
    const base = receptionBody();
    const inc = await ctx.t
      .http()
      .post('/api/v1/reception-slips')
      .set(auth('tn'))
      .send({ ...base, documents: undefined, outcome: 'incomplete', missing: ['Bản sao CCCD'] });
    expect(inc.status, JSON.stringify(inc.body)).toBe(201);
    expect(inc.body).toMatchObject({ form: '02', outcome: 'incomplete', items: ['Bản sao CCCD'], dossierCode: null });
    const html = await ctx.t.http().get(`/api/v1/reception-slips/${inc.body.id}?format=html`).set(auth('tn'));
    expect(html.text).toContain('PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ');
    expect(html.text).toContain('Bản sao CCCD');
    const out = await ctx.t
      .http()
      .post('/api/v1/reception-slips')
      .set(auth('tn'))
      .send({ ...base, documents: undefined, outcome: 'out_of_scope', reason: 'Thuộc thẩm quyền cấp tỉnh' });
    expect(out.body).toMatchObject({ form: '03', reason: 'Thuộc thẩm quyền cấp tỉnh' });
    const noReason = await ctx.t
      .http()
      .post('/api/v1/reception-slips')
      .set(auth('tn'))
      .send({ ...base, documents: undefined, outcome: 'out_of_scope' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details.fields[0].field).toBe('reason');
    expect(
      (
        await ctx.t
          .http()
          .post('/api/v1/reception-slips')
          .set(auth('cv'))
          .send({ ...base, documents: undefined, outcome: 'incomplete', missing: ['x'] })
      ).status,
    ).toBe(403);
    expect((await ctx.t.http().get(`/api/v1/reception-slips/${inc.body.id}`).set(auth('tn2'))).status).toBe(404);
  });

  it('a fee paid at reception records its channel, and the online-payment rate counts it (issue 24)', async () => {
    at('2026-05-05T08:00:00+07:00');
    const counter = await receive('2.000815', { payment: { online: false } });
    expect(counter.receptionPayment).toEqual({ amount: 2000, online: false });
    const online = await receive('2.000815', { channel: 'online', payment: { online: true, amount: 6000 } });
    expect(online.receptionPayment).toEqual({ amount: 6000, online: true });
    expect((await receive('2.000815')).receptionPayment).toBeNull();
    // A procedure without a fee records no payment; a payment without its channel is refused.
    for (const [procedure, payment, field] of [
      ['1.004873', { online: true }, 'payment'],
      ['2.000815', { amount: 2000 }, 'payment.online'],
    ] as const) {
      const res = await ctx.t.http().post('/api/v1/dossiers').set(auth('tn')).send(receptionBody(procedure, { payment }));
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    // Paid at the counter and paid online both count: 1 online of 2 paid (the third has not paid yet).
    const day = (await ctx.t.http().get('/api/v1/reports/indicators?from=2026-05-05&to=2026-05-05&source=live').set(auth('ql'))).body;
    expect(day.total.basis).toMatchObject({ payments: 2, paidOnline: 1 });
    expect(day.total.rates.onlinePayment).toBe(50);
  });

  it('digitisation and data reuse are recorded at reception and at the decision, and give their rates (issue 24)', async () => {
    at('2026-05-06T08:00:00+07:00');
    const scanned = [
      { name: 'Tờ khai', form: 'original', count: 1, digitised: true },
      { name: 'Bản sao CCCD', form: 'copy', count: 1, digitised: true },
    ];
    const full = await receive('1.004873', { documents: scanned, dataReused: true });
    expect(full.digitisation).toEqual({ components: true, dataReused: true, result: null });
    expect(full.documents[0]).toMatchObject({ digitised: true });
    // One paper not scanned: the dossier's components are not all digitised.
    const partly = await receive('1.004873', { documents: [scanned[0], { ...scanned[1], digitised: false }] });
    expect(partly.digitisation).toEqual({ components: false, dataReused: false, result: null });
    for (const [d, digitisedResult] of [
      [full, true],
      [partly, true],
    ] as const) {
      let x = await act('tn', d, 'complete_step');
      x = await act('cv', x, 'complete_step');
      x = await act('ld', x, 'approve', { outcome: 'issued', digitisedResult });
      expect(x.digitisation.result).toBe(true);
    }
    // Decided 2, digitised whole 1; received 2, data reused 1: the same from the dossiers and from the rollups.
    for (const source of ['live', 'rollup']) {
      const day = (await ctx.t.http().get(`/api/v1/reports/indicators?from=2026-05-06&to=2026-05-06&source=${source}`).set(auth('ql'))).body;
      expect(day.total.basis, source).toMatchObject({ decided: 2, digitised: 1, receivedInPeriod: 2, dataReused: 1 });
      expect(day.total.rates, source).toMatchObject({ digitised: 50, dataReuse: 50 });
    }
  });

  it('received in one commune, decided in another of the province (NĐ 118/2025): both see it, each counts its part (issue 24)', async () => {
    at('2026-05-07T08:00:00+07:00');
    const admin = ctx.auth('admin');
    const tokens: Record<string, string> = {};
    for (const [name, roles, agencyCode] of [
      ['cv_td', ['specialist'], 'LS.TANDOAN.VP'],
      ['ld_td', ['leader'], 'LS.TANDOAN.LD'],
    ] as const) {
      const body = { username: name, fullName: `Cán bộ ${name}`, password: 'password-123', roles, agencyCode };
      expect((await ctx.t.http().post('/api/v1/users').set(admin).send(body)).status).toBe(201);
      tokens[name] = `Bearer ${await ctx.t.login(name, 'password-123')}`;
    }
    // Lộc Bình's desk receives a Tân Đoàn dossier: the code and the receipt are Lộc Bình's, the work is Tân Đoàn's.
    let d = await receive('1.004873', { agencyCode: 'LS.TANDOAN' });
    expect(d).toMatchObject({ agencyCode: 'LS.TANDOAN', receivingAgencyCode: 'LS.LOCBINH', currentStep: { ownerCode: 'LS.LOCBINH.TTPVHCC' } });
    expect(d.code).toMatch(/^000\.21\.37\.H37-260507-/);
    expect(d.receipt.issuer).toBe('UBND xã Lộc Bình');
    expect(d.steps.map((s: { owner: { agencyCode: string } }) => s.owner.agencyCode)).toEqual([
      'LS.LOCBINH.TTPVHCC',
      'LS.TANDOAN.VP',
      'LS.TANDOAN.LD',
      'LS.LOCBINH.TTPVHCC',
    ]);
    expect((await ctx.t.http().get(`/api/v1/dossiers/${d.id}`).set(auth('tn2'))).status).toBe(200);
    const listed = async (who: 'tn' | 'tn2') => (await ctx.t.http().get(`/api/v1/dossiers?q=${d.code}`).set(auth(who))).body.total;
    expect([await listed('tn'), await listed('tn2')]).toEqual([1, 1]);

    d = await act('tn', d, 'complete_step');
    // Lộc Bình's office does not hold Tân Đoàn's step; Tân Đoàn's does.
    expect(
      (await ctx.t.http().post(`/api/v1/dossiers/${d.id}/actions`).set(auth('cv')).send({ action: 'complete_step', expectedVersion: d.version })).status,
    ).toBe(403);
    const by = async (token: string, body: Record<string, unknown>) => {
      const res = await ctx.t
        .http()
        .post(`/api/v1/dossiers/${d.id}/actions`)
        .set('Authorization', token)
        .send({ ...body, expectedVersion: d.version });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body;
    };
    d = await by(tokens.cv_td, { action: 'complete_step' });
    d = await by(tokens.ld_td, { action: 'approve', outcome: 'issued' });
    // The result goes back to the centre that received it, whose inbox holds it.
    expect(d.currentStep.ownerCode).toBe('LS.LOCBINH.TTPVHCC');
    d = await act('tn', d, 'complete_step');
    d = await act('tn', d, 'return_result');
    expect(d.status).toBe('returned');

    // Reception counts where the dossier was received, resolution where it was decided (docs/REPORTS.md).
    for (const source of ['live', 'rollup']) {
      const rows = (await ctx.t.http().get(`/api/v1/reports/indicators?agency=LS&from=2026-05-07&to=2026-05-07&source=${source}`).set(auth('tinh'))).body;
      const row = (code: string) => rows.rows.find((r: { key: string }) => r.key === code);
      // (Received in the period: the earlier tests' open dossiers are carried over into it.)
      const counted = (r: { basis: { receivedInPeriod: number }; resolved: { total: number } }) => [r.basis.receivedInPeriod, r.resolved.total];
      expect(counted(row('LS.LOCBINH')), source).toEqual([1, 0]);
      expect(counted(row('LS.TANDOAN')), source).toEqual([0, 1]);
      expect(counted(rows.total), source).toEqual([1, 1]);
      const months = (
        await ctx.t.http().get(`/api/v1/reports/indicators?agency=LS.TANDOAN&from=2026-05-01&to=2026-05-31&groupBy=month&source=${source}`).set(auth('tinh'))
      ).body;
      expect(counted(months.rows[0]), `${source} by month`).toEqual([0, 1]);
    }
    const behind = await ctx.t
      .http()
      .get('/api/v1/reports/indicators/dossiers?agency=LS.LOCBINH&from=2026-05-07&to=2026-05-07&measure=received.inPeriod')
      .set(auth('tinh'));
    expect(behind.body.items.map((i: { code: string }) => i.code)).toEqual([d.code]);
    // Form 07 is the receiving centre's register.
    const register = async (agency: string) =>
      (await ctx.t.http().get(`/api/v1/reports/register?agency=${agency}&from=2026-05-07&to=2026-05-07&format=json`).set(auth('tinh'))).body.rows;
    expect((await register('LS.LOCBINH')).map((l: { code: string }) => l.code)).toEqual([d.code]);
    expect(await register('LS.TANDOAN')).toEqual([]);
  });

  it("a dossier received under the old rule set prints with its forms' numbering and titles (TT 01/2018; issue 24)", async () => {
    at('2026-03-10T08:00:00+07:00');
    const item = {
      code: '000.21.37.H37-250805-0001',
      procedureCode: '1.004873',
      agencyCode: 'LS.LOCBINH',
      channel: 'direct',
      applicant: { fullName: 'Lê Văn Tâm', idNumber: '001090099999' },
      receivedAt: '2025-08-05T08:00:00+07:00',
      events: [
        { action: 'complete_step', at: '2025-08-05T09:00:00+07:00' },
        { action: 'issue_apology', reason: 'Cần xác minh', newDueAt: '2025-08-14T16:00:00+07:00', at: '2025-08-06T09:00:00+07:00' },
      ],
    };
    const res = await ctx.t.http().post('/api/v1/import/dossiers').set(auth('nhap')).send([item]);
    expect(res.body, JSON.stringify(res.body)).toMatchObject({ imported: 1, failed: [] });
    const d = (await ctx.t.http().get(`/api/v1/dossiers?q=${item.code}`).set(auth('ql'))).body.items[0];
    const full = (await ctx.t.http().get(`/api/v1/dossiers/${d.id}`).set(auth('ql'))).body;
    expect(full.ruleSetId).toBe('nd118-2025');
    // [key, number printed, title]: the apology is TT 01/2018's slip 04, the control slip its 05.
    expect(full.forms).toEqual([
      { key: '01', number: '01', title: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ' },
      { key: '04', number: '04', title: 'PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ' },
      { key: '06', number: '05', title: 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ' },
    ]);
    const slip = await ctx.t.http().get(`/api/v1/dossiers/${d.id}/forms/06`).set(auth('ql'));
    expect(slip.text).toContain('Mẫu số 05');
    const apology = await ctx.t.http().get(`/api/v1/dossiers/${d.id}/forms/04`).set(auth('ql'));
    expect(apology.text).toContain('PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ');
    expect(apology.text).not.toContain('Đề nghị ông/bà gia hạn');
    // Today's rule set: form 04 is the letter that asks for more time.
    at('2026-03-10T08:00:00+07:00');
    let now = await receive();
    now = await act('tn', now, 'complete_step');
    now = await act('cv', now, 'issue_apology', { reason: 'Cần xác minh', newDueAt: '2026-03-20T16:00:00+07:00' });
    const letter = await ctx.t.http().get(`/api/v1/dossiers/${now.id}/forms/04`).set(auth('cv'));
    expect(letter.text).toContain('VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT');
    expect(letter.text).toContain('Đề nghị ông/bà gia hạn thời gian giải quyết hồ sơ');
  });

  it('supplement with RESTART: the full statutory time counts again from the supplement', async () => {
    at('2026-03-02T08:00:00+07:00');
    let d = await receive();
    d = await act('tn', d, 'complete_step');
    at('2026-03-03T08:00:00+07:00');
    d = await act('cv', d, 'request_supplement', { items: ['Bản sao giấy khai sinh'] });
    expect(d).toMatchObject({ status: 'awaiting_supplement', clock: 'paused', allowedActions: ['receive_supplement', 'withdraw', 'stop'] });
    const f02 = await ctx.t.http().get(`/api/v1/dossiers/${d.id}/forms/02?format=json`).set(auth('tn'));
    expect(f02.body.items).toEqual(['Bản sao giấy khai sinh']);
    at('2026-03-06T09:00:00+07:00');
    d = await act('tn', d, 'receive_supplement');
    expect(d).toMatchObject({
      status: 'processing',
      currentStep: { id: 'tham_dinh' },
      clock: 'running',
      dueAt: '2026-03-11T09:00:00+07:00',
      originalDueAt: '2026-03-11T09:00:00+07:00',
    });
  });

  it('supplement with PAUSE: the waiting working time is added (building permit, 15 calendar days)', async () => {
    at('2026-03-02T08:00:00+07:00');
    let d = await receive('1.009994');
    expect(d.dueAt).toBe('2026-03-17T17:00:00+07:00');
    d = await act('tn', d, 'complete_step');
    expect(d.currentStep.ownerCode).toBe('LS.LOCBINH.KT');
    at('2026-03-03T08:00:00+07:00');
    d = await act('kt', d, 'request_supplement', { items: ['Bản vẽ thiết kế'] });
    at('2026-03-05T08:00:00+07:00');
    d = await act('tn', d, 'receive_supplement');
    // Tue 08:00 → Thu 08:00 is 16 working hours.
    expect(d).toMatchObject({ dueAt: '2026-03-19T17:00:00+07:00', originalDueAt: '2026-03-19T17:00:00+07:00' });
  });

  it('payment always pauses the clock and returns to the same step', async () => {
    at('2026-03-02T08:00:00+07:00');
    let d = await receive();
    d = await act('tn', d, 'request_payment', { amount: 10000 });
    expect(d.status).toBe('awaiting_payment');
    at('2026-03-02T10:00:00+07:00');
    d = await act('tn', d, 'confirm_payment', { online: true });
    expect(d).toMatchObject({ status: 'received', currentStep: { id: 'tiep_nhan' }, dueAt: '2026-03-05T10:00:00+07:00' });
  });

  it('denied with a written reason gives the denial notice, not form 03 (the refusal at the counter); without a reason it is refused', async () => {
    at('2026-03-02T08:00:00+07:00');
    let d = await receive();
    d = await act('tn', d, 'complete_step');
    d = await act('cv', d, 'complete_step');
    const bad = await act('ld', d, 'approve', { outcome: 'denied' }, 400);
    expect(bad.error.details.fields[0].field).toBe('reason');
    d = await act('ld', d, 'approve', { outcome: 'denied', reason: 'Không đủ điều kiện' });
    expect(d).toMatchObject({ status: 'denied', outcome: 'denied', allowedActions: ['return_result'] });
    expect(d.forms.map((f: { key: string }) => f.key)).toEqual(['01', 'denial', '06']);
    const notice = await ctx.t.http().get(`/api/v1/dossiers/${d.id}/forms/denial?format=json`).set(auth('tn'));
    expect(notice.body).toMatchObject({ form: 'denial', number: null, title: 'THÔNG BÁO TỪ CHỐI GIẢI QUYẾT HỒ SƠ', reason: 'Không đủ điều kiện' });
    const printed = await ctx.t.http().get(`/api/v1/dossiers/${d.id}/forms/denial`).set(auth('tn'));
    expect(printed.text).toContain('Không đủ điều kiện');
    expect(printed.text).not.toContain('Mẫu số');
    const f03 = await ctx.t.http().get(`/api/v1/dossiers/${d.id}/forms/03?format=json`).set(auth('tn'));
    expect([f03.status, f03.body.error.code]).toEqual([409, 'FORM_NOT_AVAILABLE']);
    d = await act('tn', d, 'return_result');
    expect(d.allowedActions).toEqual([]);
  });

  it('withdrawn and stopped dossiers stop the clock and accept nothing more; form 05 for a stop, and for a withdrawal where the rule set says', async () => {
    at('2026-03-02T08:00:00+07:00');
    let d = await receive();
    d = await act('tn', d, 'withdraw', { reason: 'Công dân xin rút' });
    expect(d).toMatchObject({ status: 'withdrawn', clock: 'stopped', allowedActions: [] });
    const refused = await act('tn', d, 'complete_step', {}, 409);
    expect(refused.error).toMatchObject({ code: 'ACTION_NOT_ALLOWED', details: { status: 'withdrawn', allowedActions: [] } });
    // TT 03/2025's rule set (withdrawalNotice): a withdrawal is a stop at the applicant's request, with form 05.
    expect(d.forms.map((f: { key: string }) => f.key)).toContain('05');
    const atRequest = await ctx.t.http().get(`/api/v1/dossiers/${d.id}/forms/05`).set(auth('tn'));
    expect(atRequest.text).toContain('Theo đề nghị của ông/bà, cơ quan dừng giải quyết hồ sơ');

    let s = await receive();
    s = await act('tn', s, 'complete_step');
    s = await act('ld', s, 'stop', { reason: 'Có tranh chấp' });
    expect(s.status).toBe('stopped');
    const f05 = await ctx.t.http().get(`/api/v1/dossiers/${s.id}/forms/05`).set(auth('tn'));
    expect(f05.text).toContain('THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ');
    expect(f05.text).toContain('Có tranh chấp');
  });

  it('late with apology: form 04, new appointment, original due kept, second apology refused, overdue by the sweep', async () => {
    at('2026-03-02T08:00:00+07:00');
    let d = await receive();
    expect(d.apologyDueBy).toBe('2026-03-04T08:00:00+07:00');
    d = await act('tn', d, 'complete_step');
    at('2026-03-03T16:00:00+07:00');
    const badDate = await act('cv', d, 'issue_apology', { reason: 'Cần xác minh', newDueAt: '2026-03-04T08:00:00+07:00' }, 400);
    expect(badDate.error.details.fields[0].field).toBe('newDueAt');
    d = await act('cv', d, 'issue_apology', { reason: 'Cần xác minh thêm', newDueAt: '2026-03-09T16:00:00+07:00' });
    expect(d).toMatchObject({ condition: 'apologized', dueAt: '2026-03-09T16:00:00+07:00', originalDueAt: '2026-03-05T08:00:00+07:00' });
    expect(d.apologies[0]).toMatchObject({ onTime: true, unitCode: 'LS.LOCBINH.VP', previousDueAt: '2026-03-05T08:00:00+07:00' });
    const second = await act('cv', d, 'issue_apology', { reason: 'Lần hai', newDueAt: '2026-03-12T16:00:00+07:00' }, 409);
    expect(second.error.code).toBe('APOLOGY_LIMIT_REACHED');
    const f04 = await ctx.t.http().get(`/api/v1/dossiers/${d.id}/forms/04`).set(auth('cv'));
    expect(f04.text).toContain('16 giờ 00 phút, ngày 09/03/2026');

    at('2026-03-06T09:00:00+07:00');
    await ctx.t.app.get(DeadlineSweepService).sweep();
    const after = await ctx.t.http().get(`/api/v1/dossiers/${d.id}`).set(auth('cv'));
    expect(after.body).toMatchObject({ condition: 'overdue_apologized', version: d.version + 1 });
    expect(after.body.timeline.at(-1)).toMatchObject({ action: 'deadline_passed', actor: 'Hệ thống' });
    d = await act('cv', after.body, 'complete_step');
    d = await act('ld', d, 'approve', { outcome: 'issued' });
    expect(d.resultClass).toBe('late');
  });

  it('late without apology: marked overdue, staff notified, result late, form 04 not available', async () => {
    at('2026-03-02T08:00:00+07:00');
    let d = await receive();
    d = await act('tn', d, 'complete_step');
    at('2026-03-05T17:30:00+07:00');
    // Still the due date: by-date classification (rule set) does not make it late yet.
    await ctx.t.app.get(DeadlineSweepService).sweep();
    expect((await ctx.t.http().get(`/api/v1/dossiers/${d.id}`).set(auth('cv'))).body.condition).toBe('on_time');
    at('2026-03-06T07:30:00+07:00');
    const swept = await ctx.t.app.get(DeadlineSweepService).sweep();
    expect(swept.markedOverdue).toBeGreaterThanOrEqual(1);
    d = (await ctx.t.http().get(`/api/v1/dossiers/${d.id}`).set(auth('cv'))).body;
    expect(d.condition).toBe('overdue');
    const board = await ctx.t.http().get('/api/v1/dossiers/overdue-board').set(auth('ql'));
    const entry = board.body.items.find((i: { id: string }) => i.id === d.id);
    expect(entry).toMatchObject({ bucket: 'overdue', unit: { code: 'LS.LOCBINH.VP' }, apology: { needed: true, issued: 0 } });
    expect(board.body.departments.find((u: { code: string }) => u.code === 'LS.LOCBINH.VP').counts.overdue).toBeGreaterThanOrEqual(1);
    d = await act('cv', d, 'complete_step');
    d = await act('ld', d, 'approve', { outcome: 'issued' });
    expect(d.resultClass).toBe('late');
    expect(d.steps[1].result).toBe('late');
    const f04 = await ctx.t.http().get(`/api/v1/dossiers/${d.id}/forms/04`).set(auth('cv'));
    expect(f04.status).toBe(409);
    expect(f04.body.error.code).toBe('FORM_NOT_AVAILABLE');
    await ctx.t.app.get(NotificationService).deliverPending();
    const notes = await ctx.t.http().get(`/api/v1/notifications?dossier=${d.id}&kind=deadline_passed`).set(auth('ql'));
    expect(notes.body.items).toHaveLength(1);
    expect(notes.body.items[0]).toMatchObject({ audience: 'staff', agencyCode: 'LS.LOCBINH.VP' });
  });

  it('early warning: once at the threshold, never twice', async () => {
    at('2026-03-02T08:00:00+07:00');
    const d = await receive();
    // 3 working days: ≤ 1 working day left from Wed 08:00 (before 75% of the budget, Wed 10:00).
    expect(d.warnAt).toBe('2026-03-04T08:00:00+07:00');
    at('2026-03-04T07:59:00+07:00');
    await ctx.t.app.get(DeadlineSweepService).sweep();
    at('2026-03-04T08:30:00+07:00');
    const first = await ctx.t.app.get(DeadlineSweepService).sweep();
    const second = await ctx.t.app.get(DeadlineSweepService).sweep();
    expect(first.warned).toBeGreaterThanOrEqual(1);
    expect(second.warned).toBe(0);
    await ctx.t.app.get(NotificationService).deliverPending();
    const notes = await ctx.t.http().get(`/api/v1/notifications?dossier=${d.id}&kind=warning`).set(auth('ql'));
    expect(notes.body.items).toHaveLength(1);
    expect(notes.body.items[0].body).toContain('mẫu 04');
  });

  it('the event log is append-only and the audit says where a tampered chain breaks', async () => {
    at('2026-03-02T08:00:00+07:00');
    let d = await receive();
    d = await act('tn', d, 'complete_step');
    d = await act('cv', d, 'complete_step');
    const db = ctx.t.app.get(Db);
    await expect(db.tx((em) => em.query(`UPDATE dossier_event SET note = 'x' WHERE dossier_id = $1`, [d.id]))).rejects.toThrow(/append-only/);
    await db.tx(async (em) => {
      await em.query('ALTER TABLE dossier_event DISABLE TRIGGER dossier_event_no_change');
      await em.query(`UPDATE dossier_event SET actor_name = 'Người khác' WHERE dossier_id = $1 AND seq = 2`, [d.id]);
      await em.query('ALTER TABLE dossier_event ENABLE TRIGGER dossier_event_no_change');
    });
    const audit = await ctx.t.http().get(`/api/v1/dossiers/${d.id}/audit`).set(auth('ql'));
    expect(audit.body).toMatchObject({ valid: false, brokenAt: 2 });
    expect(audit.body.problem).toContain('bị thay đổi');
  });
});
