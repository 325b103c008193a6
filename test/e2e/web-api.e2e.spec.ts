import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/common/clock.js';
import { actionsOf, receptionBody, useStaffApp } from '../helpers/staff.js';

/**
 * What the web application's pages need from the API (issue 22): the public catalogue with documents to bring, the
 * work inbox by the step owner's department, the actions this user may take, search without diacritics, the step
 * the file is at named to the end, and the application itself served beside the API.
 */
const clock = new FixedClock(new Date('2026-03-02T08:00:00+07:00'));
const at = (iso: string): void => clock.set(new Date(iso));
const ctx = useStaffApp(clock);
const auth = ctx.auth;
const act = actionsOf(ctx, '/api/v1/dossiers');

async function receive(procedure = '1.004873', applicant = { fullName: 'Lê Thị Hoa', idNumber: '020190012345' }) {
  const res = await ctx.t.http().post('/api/v1/dossiers').set(auth('tn')).send(receptionBody(procedure, { applicant }));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

describe('the API behind the web application', () => {
  it('public catalogue: no login, documents to bring, no internal steps; unknown code 404', async () => {
    const list = await ctx.t.http().get('/api/v1/public/procedures?agency=LS.LOCBINH');
    expect(list.status).toBe(200);
    const ks = list.body.items.find((p: { code: string }) => p.code === '1.001193');
    expect(ks).toMatchObject({ name: 'Đăng ký khai sinh', field: 'Hộ tịch', online: 'full', fee: { amount: 0 } });
    expect(ks.documents[0]).toEqual({ name: 'Tờ khai đăng ký khai sinh (theo mẫu)', form: 'original', count: 1 });
    expect(ks.documents.some((d: { fromNationalDb?: boolean }) => d.fromNationalDb)).toBe(true);
    const one = await ctx.t.http().get('/api/v1/public/procedures/1.001193');
    expect(one.body).toMatchObject({ code: '1.001193', decidedBy: 'Chủ tịch UBND cấp xã', legalBasis: expect.arrayContaining(['Luật Hộ tịch 2014']) });
    expect(one.body.steps).toBeUndefined();
    expect((await ctx.t.http().get('/api/v1/public/procedures/9.999999')).status).toBe(404);
    expect((await ctx.t.http().get('/api/v1/public/procedures?agency=KHONG.CO')).status).toBe(404);
  });

  it('the inbox holds what each department must do now, most urgent first, with working time left and counts', async () => {
    at('2026-03-02T08:00:00+07:00');
    const a = await receive('1.004873'); // 3 working days
    const b = await receive('1.001193', { fullName: 'Nguyễn Văn Bình', idNumber: '020090054321' }); // same day
    await act('tn', b, 'complete_step');
    at('2026-03-02T09:00:00+07:00');
    const inbox = async (who: 'tn' | 'cv' | 'ld', q = '') => {
      const res = await ctx.t.http().get(`/api/v1/dossiers/inbox${q}`).set(auth(who));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body;
    };
    // Reception holds the first step of A; the office holds B's appraisal; the leader has nothing yet.
    expect((await inbox('tn')).items.map((i: { code: string }) => i.code)).toContain(a.code);
    expect((await inbox('tn')).items.map((i: { code: string }) => i.code)).not.toContain(b.code);
    const office = await inbox('cv');
    expect(office.items.map((i: { code: string }) => i.code)).toEqual([b.code]);
    expect(office.items[0]).toMatchObject({
      procedure: { code: '1.001193', name: 'Đăng ký khai sinh', field: 'Hộ tịch' },
      applicantName: 'Nguyễn Văn Bình',
      step: { id: 'tham_dinh', name: 'Thẩm định, dự thảo kết quả', ownerName: 'Văn phòng HĐND và UBND xã Lộc Bình' },
      workingTimeLeft: { text: 'còn 6 giờ' },
    });
    expect(office.counts.all).toBe(1);
    expect((await inbox('ld')).total).toBe(0);

    // Search by name without diacritics; filters by procedure, field and badge.
    expect((await inbox('cv', '?q=nguyen%20van%20binh')).total).toBe(1);
    expect((await inbox('cv', '?q=NGUYEN')).total).toBe(1);
    expect((await inbox('cv', '?procedure=1.004873')).total).toBe(0);
    expect((await inbox('cv', `?field=${encodeURIComponent('Hộ tịch')}`)).total).toBe(1);
    const tn = await inbox('tn', '?badge=on_time');
    expect(tn.total).toBe(tn.counts.on_time);

    // Most urgent first: the same-day dossier before the three-day one once both are at the office.
    await act('tn', a, 'complete_step');
    expect((await inbox('cv')).items.map((i: { code: string }) => i.code)).toEqual([b.code, a.code]);

    // After the decision the centre holds the file until it is handed back, and the step stays named.
    let d = await act('cv', (await ctx.t.http().get(`/api/v1/dossiers/${b.id}`).set(auth('cv'))).body, 'complete_step');
    expect((await inbox('ld')).items.map((i: { code: string }) => i.code)).toEqual([b.code]);
    d = await act('ld', d, 'approve', { outcome: 'issued' });
    expect(d.currentStep).toMatchObject({ id: 'tra_ket_qua', name: 'Chuyển kết quả về Trung tâm', ownerCode: 'LS.LOCBINH.TTPVHCC' });
    d = await act('tn', d, 'complete_step');
    expect(d.status).toBe('result_ready');
    expect(d.currentStep).toMatchObject({ name: 'Trả kết quả cho người nộp', ownerCode: 'LS.LOCBINH.TTPVHCC' });
    expect((await inbox('tn')).items.find((i: { code: string }) => i.code === b.code)).toMatchObject({ step: { name: 'Trả kết quả cho người nộp' } });
    d = await act('tn', d, 'return_result');
    expect(d.currentStep).toBeNull();
    expect((await inbox('tn')).items.map((i: { code: string }) => i.code)).not.toContain(b.code);
  });

  it('each user is offered only the actions their role and department may take now', async () => {
    at('2026-03-03T08:00:00+07:00');
    const d = await receive();
    const actions = async (who: 'tn' | 'cv' | 'ld' | 'ql' | 'tinh') => (await ctx.t.http().get(`/api/v1/dossiers/${d.id}`).set(auth(who))).body.userActions;
    expect(await actions('tn')).toEqual(['complete_step', 'request_supplement', 'request_payment', 'withdraw']);
    // The office's specialist may ask for the fee but not move a step the centre holds.
    expect(await actions('cv')).toEqual(['request_payment']);
    // Stopping is the leader's decision whichever unit holds the file; nothing else is theirs yet.
    expect(await actions('ld')).toEqual(['stop']);
    expect(await actions('tinh')).toEqual([]);
    // What is offered is what the server accepts: the office's complete_step is refused.
    await act('cv', d, 'complete_step', {}, 403);
  });

  it('the list finds applicants with or without diacritics', async () => {
    at('2026-03-04T08:00:00+07:00');
    const d = await receive('1.004873', { fullName: 'Đặng Thị Ánh', idNumber: '020190077777' });
    for (const q of ['dang thi anh', 'ĐẶNG THỊ', 'Ánh', 'anh']) {
      const res = await ctx.t
        .http()
        .get(`/api/v1/dossiers?q=${encodeURIComponent(q)}`)
        .set(auth('ql'));
      expect(
        res.body.items.map((i: { code: string }) => i.code),
        q,
      ).toContain(d.code);
    }
    expect((await ctx.t.http().get('/api/v1/dossiers?q=dang%20thi%20anhx').set(auth('ql'))).body.total).toBe(0);
  });

  it('a dossier received after hours never shows its first step finished before it started', async () => {
    at('2026-03-04T18:00:00+07:00');
    const d = await receive();
    at('2026-03-04T18:05:00+07:00');
    const next = await act('tn', d, 'complete_step');
    const first = next.steps[0];
    expect(first.startedAt).toBe('2026-03-04T18:00:00+07:00');
    expect(first.finishedAt).toBe('2026-03-04T18:05:00+07:00');
    // Counting still starts at the next opening: the deadline is unchanged by this.
    expect(next.startAt).toBe('2026-03-05T07:00:00+07:00');
  });

  it('serves the application beside the API: pages for its routes, JSON 404 for unknown API paths and missing assets', async () => {
    for (const path of ['/', '/tra-cuu/000.21.37.H37-260302-0001?k=abc', '/ho-so/abc', '/dang-nhap']) {
      const res = await ctx.t.http().get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers['content-type'], path).toContain('text/html');
      expect(res.headers['cache-control'], path).toBe('no-cache');
      expect(res.text).toContain('<div id="root">');
    }
    for (const path of ['/api/v1/khong-co', '/assets/khong-co.js']) {
      const res = await ctx.t.http().get(path);
      expect(res.status, path).toBe(404);
      expect(res.body.error.code, path).toBe('NOT_FOUND');
    }
    // GeoReport clients get GeoReport's own error list (issue 25).
    const geo = await ctx.t.http().get('/open311/v2/khong-co');
    expect([geo.status, geo.body]).toEqual([404, [{ code: 404, description: expect.any(String) }]]);
    const index = (await ctx.t.http().get('/')).text;
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(index)![1];
    const js = await ctx.t.http().get(asset);
    expect(js.status).toBe(200);
    expect(js.headers['cache-control']).toContain('immutable');
  });
});
