import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/common/clock.js';
import { createStaff, type Tokens } from '../helpers/staff.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { copyWorkflows } from '../helpers/workflows-copy.js';

/**
 * A quarter's report on the plan (issue 27) from a hand-built plan for Lộc Bình whose eight tasks cover each way a
 * task counts: done on time, done late, not done, not yet due, without a date; work done once, a quarter's duty with
 * its own due day, an ongoing task reported per quarter. The expected figures are counted by hand below.
 */
const PLAN = `agencyCode: LS.LOCBINH
agency: { name: "UBND xã Lộc Bình", province: "Lạng Sơn" }
plan: "Kế hoạch CCHC năm 2026 (mẫu kiểm thử)"
year: 2026
targets:
  - { indicator: on_time_rate, op: ">=", value: 95, text: "trên 95% hồ sơ giải quyết đúng hạn" }
not_measured: ["tổ chức 02 hội nghị"]
reporting: { cadence: [quarterly], due_day_of_period: 15, to: "UBND xã" }
coordinator: VHXH
units:
  VHXH: { name: "Phòng Văn hóa – Xã hội", agency: LS.LOCBINH.VHXH }
  VP: { name: "Văn phòng HĐND và UBND xã", agency: LS.LOCBINH.VP }
  KT: { name: "Phòng Kinh tế", agency: LS.LOCBINH.KT }
  ALL: { name: "Các cơ quan, đơn vị thuộc xã", agency: LS.LOCBINH }
sections:
  - { id: "I", title: "Chỉ đạo, điều hành", line: 1 }
  - { id: "II", title: "Thủ tục hành chính", line: 2 }
tasks:
  - { id: "I.1", section: "I", content: "Ban hành kế hoạch", lead: [VP], deadline: "Quý I/2026", line: 3 }
  - { id: "I.2", section: "I", content: "Ban hành kế hoạch kiểm tra", lead: [KT], deadline: "Quý I/2026", line: 4 }
  - { id: "I.3", section: "I", content: "Hội nghị triển khai", lead: [VP], deadline: "Tháng 02/2026", line: 5 }
  - { id: "I.4", section: "I", content: "Kiểm tra công tác CCHC", lead: [VP], deadline: "Quý II/2026", line: 6 }
  - { id: "II.1", section: "II", content: "Rà soát thủ tục hành chính", lead: [KT], deadline: "Thường xuyên", line: 7 }
  - { id: "II.2", section: "II", content: "Triển khai chiến lược số", lead: [VHXH], deadline: "Sau khi Trung ương ban hành chiến lược", line: 8 }
  - { id: "II.3", section: "II", content: "Niêm yết thủ tục", lead: [ALL], deadline: "Năm 2026", line: 9 }
  - { id: "II.4", section: "II", content: "Báo cáo quý", lead: [VP], deadline: "Hằng quý, trước ngày 15 tháng cuối mỗi quý", line: 10 }
`;

const clock = new FixedClock(new Date('2026-02-01T09:00:00+07:00'));
let t: TestApp;
let tk: Tokens;
const auth = (who: keyof Tokens) => ({ Authorization: `Bearer ${tk[who]}` });
const at = (iso: string): void => clock.set(new Date(`${iso}T09:00:00+07:00`));
async function record(who: keyof Tokens, task: string, body: Record<string, unknown>) {
  const res = await t.http().post(`/api/v1/plans/loc-binh-2026/tasks/${task}/progress`).set(auth(who)).send(body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}
const report = async (period: string, format = 'json') => {
  const req = t.http().get(`/api/v1/plans/report?agency=LS.LOCBINH&period=${period}&format=${format}`).set(auth('ld'));
  const res = format === 'xlsx' ? await req.responseType('blob') : await req;
  expect(res.status, String(res.text).slice(0, 300)).toBe(200);
  return res;
};

beforeAll(async () => {
  const dir = copyWorkflows();
  rmSync(join(dir, 'plans', 'loc-binh-2026-2030.yaml')); // Lộc Bình's plan is the fixture below
  writeFileSync(join(dir, 'plans', 'loc-binh-2026.yaml'), PLAN);
  t = await startTestApp({ WORKFLOWS_DIR: dir }, { clock });
  tk = await createStaff(t);
  // What the units recorded, on the days they did it.
  at('2026-02-01');
  await record('cv', 'II.3', { kind: 'done', note: 'Đã niêm yết đủ' }); // on time (due 31/12)
  at('2026-03-10');
  await record('kt', 'II.1', { note: 'Quý I đã rà soát 12 thủ tục' }); // Q1's entry, due 15/3: on time
  at('2026-03-16');
  await record('cv', 'II.4', { kind: 'done', note: 'Đã gửi báo cáo quý I' }); // due 15/3: late
  at('2026-03-20');
  await record('cv', 'I.1', { kind: 'done', note: 'Kế hoạch số 5/KH-UBND', evidenceRef: '5/KH-UBND' }); // on time
  await record('cv', 'I.3', { note: 'Đang chuẩn bị hội nghị' }); // due 28/2: not done
  at('2026-04-10');
  await record('kt', 'I.2', { kind: 'done', note: 'Đã ban hành muộn' }); // due 31/3: late
  at('2026-04-15');
});
afterAll(() => t?.close());

describe('the plan’s quarterly report from a hand-built plan (issue 27)', () => {
  it('counts the first quarter: done on time, late, not done, not yet due, without a date; by section and unit', async () => {
    const r = (await report('2026-Q1')).body;
    expect(r).toMatchObject({ period: '2026-Q1', periodLabel: 'quý I năm 2026', from: '2026-01-01', to: '2026-03-31', asOf: '2026-04-15' });
    expect(r.summary).toEqual({ total: 8, done_on_time: 3, done_late: 2, not_done: 1, not_due: 1, no_deadline: 1 });
    const outcome = Object.fromEntries(r.tasks.map((x: { id: string; outcome: string }) => [x.id, x.outcome]));
    expect(outcome).toEqual({
      'I.1': 'done_on_time',
      'I.2': 'done_late',
      'I.3': 'not_done',
      'I.4': 'not_due',
      'II.1': 'done_on_time',
      'II.2': 'no_deadline',
      'II.3': 'done_on_time',
      'II.4': 'done_late',
    });
    expect(r.bySection).toEqual([
      { id: 'I', title: 'Chỉ đạo, điều hành', total: 4, done_on_time: 1, done_late: 1, not_done: 1, not_due: 1, no_deadline: 0 },
      { id: 'II', title: 'Thủ tục hành chính', total: 4, done_on_time: 2, done_late: 1, not_done: 0, not_due: 0, no_deadline: 1 },
    ]);
    const vp = r.byUnit.find((u: { key: string }) => u.key === 'VP');
    expect(vp).toEqual({ key: 'VP', name: 'Văn phòng HĐND và UBND xã', total: 4, done_on_time: 1, done_late: 1, not_done: 1, not_due: 1, no_deadline: 0 });
    expect(r.tasks.find((x: { id: string }) => x.id === 'I.1')).toMatchObject({ doneOn: '2026-03-20', evidence: '5/KH-UBND', note: 'Kế hoạch số 5/KH-UBND' });
    // The plan's targets beside the tasks: no dossier decided yet, so not measured, with the reason.
    expect(r.targets.items).toEqual([expect.objectContaining({ text: 'trên 95% hồ sơ giải quyết đúng hạn', status: 'not_measured' })]);
    expect(r.targets.notMeasured).toEqual(['tổ chức 02 hội nghị']);
  });

  it('carries an unfinished task into the next quarter and counts that quarter’s own instances', async () => {
    const r = (await report('2026-Q2')).body;
    expect(r.summary).toEqual({ total: 6, done_on_time: 0, done_late: 1, not_done: 1, not_due: 3, no_deadline: 1 });
    expect(r.tasks.find((x: { id: string }) => x.id === 'I.3')).toMatchObject({ outcome: 'not_done', carriedOver: true });
    expect(r.tasks.filter((x: { period: string | null }) => x.period === '2026-Q2').map((x: { id: string }) => x.id)).toEqual(['II.1', 'II.4']);
    const year = (await report('2026')).body;
    expect(year.summary.total).toBe(6 + 2 * 4); // six done once, two periodic tasks × four quarters
  });

  it('prints the report and gives it as a workbook the commune can send upward', async () => {
    const html = (await report('2026-Q1', 'html')).text;
    expect(html).toContain('BÁO CÁO');
    expect(html).toContain('quý I năm 2026');
    expect(html).toContain('Hoàn thành quá hạn');
    expect(html).toContain('Theo cơ quan chủ trì');
    const res = await report('2026-Q1', 'xlsx');
    expect(res.headers['content-disposition']).toContain('bao-cao-ke-hoach-cchc-LS.LOCBINH-2026-Q1.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as Parameters<typeof wb.xlsx.load>[0]);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Tổng hợp', 'Nhiệm vụ', 'Chỉ tiêu']);
    expect(wb.getWorksheet('Tổng hợp')!.getRow(5).values).toEqual([undefined, 'Tổng số nhiệm vụ', 8, 3, 2, 1, 1, 1]);
    expect(wb.getWorksheet('Nhiệm vụ')!.rowCount).toBe(9);
  });

  it('answers a bad period or a commune without a plan with a clear error', async () => {
    const bad = await t.http().get('/api/v1/plans/report?agency=LS.LOCBINH&period=2026-Q5').set(auth('ld'));
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    const none = await t.http().get('/api/v1/plans/report?agency=LS.LOCBINH&period=2031').set(auth('ld'));
    expect(none.status).toBe(400);
    expect(none.body.error.details.fields[0].message).toContain('không có kế hoạch');
  });
});
