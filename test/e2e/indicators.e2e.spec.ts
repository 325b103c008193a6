import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { FixedClock } from '../../src/common/clock.js';
import { projectRoot } from '../../src/common/project-root.js';
import { Db } from '../../src/database/db.js';
import { DeadlineSweepService } from '../../src/modules/dossier/deadline-sweep.service.js';
import { RollupService } from '../../src/modules/reports/rollup.service.js';
import { historyDossier, issue, step } from '../helpers/factories.js';
import { APPLICANT, secretOf, useStaffApp } from '../helpers/staff.js';

// "Now" is after the period, so nothing is swept or decided during the test.
const clock = new FixedClock(new Date('2026-04-15T08:00:00+07:00'));
const ctx = useStaffApp(clock);
const auth = ctx.auth;

const item = (code: string, channel: string, receivedAt: string, events: Record<string, unknown>[], procedureCode = '1.004873') =>
  historyDossier(`000.21.37.H37-FIX-${code}`, { channel, receivedAt, events, procedureCode });

const C = step;
const ISSUE = issue;

/**
 * Hand-computed fixture for March 2026, Lộc Bình (xác nhận tình trạng hôn nhân: 3 working days, due at the same
 * hour three working days later; trợ cấp: 10 working days). Letters name the dossiers in the expectations.
 */
const FIXTURE = [
  // A: carried over (received 26/2, due Tue 3/3 08:00), decided Mon 2/3 → early.
  item('A', 'direct', '2026-02-26T08:00:00', [C('2026-02-26T09:00:00'), C('2026-02-27T09:00:00'), ISSUE('2026-03-02T10:00:00')]),
  // B: online, paid online (10 min pause → due Thu 5/3 08:10), electronic result, decided Thu 5/3 09:00 → on time; returned.
  item('B', 'online', '2026-03-02T08:00:00', [
    { action: 'request_payment', amount: 8000, at: '2026-03-02T08:10:00' },
    { action: 'confirm_payment', online: true, at: '2026-03-02T08:20:00' },
    C('2026-03-02T09:00:00'),
    C('2026-03-03T09:00:00'),
    ISSUE('2026-03-05T09:00:00', { electronic: true }),
    C('2026-03-05T10:00:00'),
    { action: 'return_result', at: '2026-03-05T14:00:00' },
  ]),
  // C: postal, apology on time (due by Wed 4/3 08:00), decided Mon 9/3 → late against the original Thu 5/3; returned.
  item('C', 'postal', '2026-03-02T08:00:00', [
    C('2026-03-02T09:00:00'),
    { action: 'issue_apology', reason: 'Cần xác minh', newDueAt: '2026-03-10T17:00:00+07:00', at: '2026-03-03T09:00:00' },
    C('2026-03-04T09:00:00'),
    ISSUE('2026-03-09T10:00:00'),
    C('2026-03-09T11:00:00'),
    { action: 'return_result', at: '2026-03-10T08:00:00' },
  ]),
  // D: direct, open at the end, due Thu 19/3 → in progress overdue, no apology.
  item('D', 'direct', '2026-03-16T08:00:00', [C('2026-03-16T09:00:00')]),
  // E: online, received 31/3, due in April → in progress within the deadline.
  item('E', 'online', '2026-03-31T08:00:00', []),
  // F: direct, withdrawn in the period (counted separately under this rule set).
  item('F', 'direct', '2026-03-10T08:00:00', [{ action: 'withdraw', reason: 'Công dân rút', at: '2026-03-11T08:00:00' }]),
  // G: online, monthly allowance (another procedure and field), decided early.
  item('G', 'online', '2026-03-02T08:00:00', [C('2026-03-02T09:00:00'), C('2026-03-03T09:00:00'), ISSUE('2026-03-03T10:00:00')], '1.001776'),
  // H: received and decided in February: outside March entirely.
  item('H', 'direct', '2026-02-02T08:00:00', [C('2026-02-02T09:00:00'), C('2026-02-02T10:00:00'), ISSUE('2026-02-03T10:00:00')]),
  // I: received in April: outside.
  item('I', 'direct', '2026-04-01T08:00:00', []),
  // J: carried over and still open at the end: in progress overdue.
  item('J', 'direct', '2026-02-25T08:00:00', [C('2026-02-25T09:00:00')]),
];

const MARCH = 'from=2026-03-01&to=2026-03-31';

beforeAll(async () => {
  const res = await ctx.t.http().post('/api/v1/import/dossiers').set(auth('nhap')).send(FIXTURE);
  expect(res.body, JSON.stringify(res.body)).toMatchObject({ imported: FIXTURE.length, failed: [] });
  for (const [code, level] of [
    ['B', 'very_satisfied'],
    ['C', 'dissatisfied'],
  ]) {
    const found = await ctx.t.http().get(`/api/v1/dossiers?q=000.21.37.H37-FIX-${code}`).set(auth('ql'));
    const r = await ctx.t
      .http()
      .post(`/api/v1/public/dossiers/000.21.37.H37-FIX-${code}/rating`)
      .send({ level, secret: secretOf(found.body.items[0].trackingUrl) });
    expect(r.status).toBe(201);
  }
});

const codes = (items: { code: string }[]) => items.map((i) => i.code.slice(-1)).sort();

describe('indicators (hand-computed fixture, March 2026)', () => {
  it('every column and rate of the commune row', async () => {
    const res = await ctx.t.http().get(`/api/v1/reports/indicators?agency=LS.LOCBINH&${MARCH}`).set(auth('ql'));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const row = res.body.rows.find((r: { key: string }) => r.key === 'LS.LOCBINH');
    expect(row).toEqual({
      key: 'LS.LOCBINH',
      label: 'UBND xã Lộc Bình',
      received: { total: 8, online: 3, direct: 2, postal: 1, carriedOver: 2 },
      resolved: { total: 4, early: 2, onTime: 1, late: 1 },
      inProgress: { total: 3, withinDeadline: 1, overdue: 2 },
      withdrawn: 1,
      stopped: 0,
      apologies: { required: 3, issuedOnTime: 1 },
      basis: {
        receivedInPeriod: 6,
        decided: 4,
        dissatisfied: 1,
        dissatisfied766: 1,
        rated: 2,
        satisfied: 1,
        payments: 1,
        paidOnline: 1,
        electronicResults: 1,
        digitised: 0,
        dataReused: 0,
      },
      // The history import recorded no digitisation: 0 of 4 decided, 0 of 6 received.
      rates: { onTime: 75, online: 50, onlinePayment: 100, digitised: 0, electronicResult: 25, dataReuse: 0, satisfaction766: 75, satisfactionRated: 50 },
    });
    // Biểu II.06a identity: received = resolved + in progress + withdrawn + stopped.
    expect(row.received.total).toBe(row.resolved.total + row.inProgress.total + row.withdrawn + row.stopped);
    expect(res.body.total).toMatchObject({ received: row.received, resolved: row.resolved, inProgress: row.inProgress });
    expect(res.body.notTracked).toEqual([]);
  });

  it('the dossiers behind a figure', async () => {
    const list = (measure: string) => ctx.t.http().get(`/api/v1/reports/indicators/dossiers?agency=LS.LOCBINH&${MARCH}&measure=${measure}`).set(auth('ql'));
    expect(codes((await list('resolved.late')).body.items)).toEqual(['C']);
    expect(codes((await list('inProgress.overdue')).body.items)).toEqual(['D', 'J']);
    expect(codes((await list('received.carriedOver')).body.items)).toEqual(['A', 'J']);
    expect(codes((await list('received.online')).body.items)).toEqual(['B', 'E', 'G']);
    expect((await list('nonsense')).status).toBe(400);
  });

  it('by procedure, field and month', async () => {
    const byProc = (await ctx.t.http().get(`/api/v1/reports/indicators?agency=LS.LOCBINH&${MARCH}&groupBy=procedure`).set(auth('ql'))).body;
    expect(byProc.rows.map((r: { key: string; resolved: { total: number } }) => [r.key, r.resolved.total]).sort()).toEqual([
      ['1.001776', 1],
      ['1.004873', 3],
    ]);
    const byField = (await ctx.t.http().get(`/api/v1/reports/indicators?agency=LS.LOCBINH&${MARCH}&groupBy=field`).set(auth('ql'))).body;
    expect(byField.rows).toHaveLength(2);
    const months = (await ctx.t.http().get('/api/v1/reports/indicators?agency=LS.LOCBINH&from=2026-02-01&to=2026-03-31&groupBy=month').set(auth('ql'))).body;
    expect(months.rows.map((r: { key: string }) => r.key)).toEqual(['2026-02', '2026-03']);
    const [feb, mar] = months.rows;
    expect(feb.received).toEqual({ total: 3, online: 0, direct: 3, postal: 0, carriedOver: 0 });
    expect(feb.resolved).toEqual({ total: 1, early: 1, onTime: 0, late: 0 });
    expect(feb.inProgress.total).toBe(2);
    expect(mar.received.carriedOver).toBe(feb.inProgress.total);
    // The whole two months: February's receptions are not "carried over".
    expect(months.total.received).toEqual({ total: 9, online: 3, direct: 5, postal: 1, carriedOver: 0 });
  });

  it('by department: each dossier counts once, for the unit its delay belongs to or else the one handling it', async () => {
    const res = await ctx.t.http().get(`/api/v1/reports/indicators?agency=LS.LOCBINH&${MARCH}&groupBy=department`).set(auth('ql'));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const rows = res.body.rows as {
      key: string;
      label: string;
      received: { total: number };
      resolved: Record<string, number>;
      inProgress: Record<string, number>;
      withdrawn: number;
    }[];
    expect(res.body.source).toBe('live');
    expect(rows.map((r) => r.key).sort()).toEqual(['LS.LOCBINH.VHXH', 'LS.LOCBINH.VP']);
    const of = (key: string) => rows.find((r) => r.key === key)!;
    // C's appraisal finished late and the signature after it too: the office, where the delay began, owns it.
    // A's signature ran late but the result still came early: A is not late, it counts for the office handling it.
    expect(of('LS.LOCBINH.VP')).toMatchObject({
      label: 'Văn phòng HĐND và UBND xã Lộc Bình',
      resolved: { total: 3, early: 1, onTime: 1, late: 1 },
      inProgress: { total: 3, overdue: 2 },
      withdrawn: 1,
    });
    expect(of('LS.LOCBINH.VHXH').resolved).toEqual({ total: 1, early: 1, onTime: 0, late: 0 });
    // Each dossier once: the departments add up to the commune.
    for (const col of ['received', 'resolved', 'inProgress'] as const) {
      for (const k of Object.keys(res.body.total[col])) {
        expect(
          rows.reduce((n, r) => n + (r[col] as Record<string, number>)[k], 0),
          `${col}.${k}`,
        ).toBe(res.body.total[col][k]);
      }
    }
    const form = await ctx.t.http().get(`/api/v1/reports/form-06?agency=LS.LOCBINH&${MARCH}&groupBy=department`).set(auth('ql'));
    expect(form.body.rows.map((r: { field: string }) => r.field)).toContain('Văn phòng HĐND và UBND xã Lộc Bình');
    expect(form.body.total).toMatchObject({ c3: 8, c10: 1, c13: 2 });
  });

  it('scoping: the province sees its communes side by side; another commune gets 404; bad periods are 400', async () => {
    const prov = (await ctx.t.http().get(`/api/v1/reports/indicators?agency=LS&${MARCH}`).set(auth('tinh'))).body;
    expect(prov.rows.map((r: { key: string }) => r.key).sort()).toEqual(['LS.LOCBINH', 'LS.LOIBAC', 'LS.TAMTHANH', 'LS.TANDOAN']);
    expect(prov.rows.find((r: { key: string }) => r.key === 'LS.TANDOAN').received.total).toBe(0);
    expect(prov.total.received.total).toBe(8);
    expect((await ctx.t.http().get(`/api/v1/reports/indicators?agency=LS.LOCBINH&${MARCH}`).set(auth('tn2'))).status).toBe(404);
    const own = (await ctx.t.http().get(`/api/v1/reports/indicators?${MARCH}`).set(auth('tn2'))).body;
    expect(own.rows.map((r: { key: string }) => r.key)).toEqual(['LS.TANDOAN']);
    expect((await ctx.t.http().get('/api/v1/reports/indicators?from=2026-03-31&to=2026-03-01').set(auth('ql'))).status).toBe(400);
    expect((await ctx.t.http().get('/api/v1/reports/indicators?from=march&to=2026-03-01').set(auth('ql'))).status).toBe(400);
    expect((await ctx.t.http().get(`/api/v1/reports/indicators?${MARCH}&groupBy=year`).set(auth('ql'))).status).toBe(400);
    expect((await ctx.t.http().get(`/api/v1/reports/indicators?${MARCH}`)).status).toBe(401);
  });
});

describe('Biểu II.06a (form-06 report)', () => {
  it('JSON rows per field hold the identities (3)=(4)+(5)+(6), (7)=(8)+(9)+(10), (11)=(12)+(13)', async () => {
    const res = await ctx.t.http().get(`/api/v1/reports/form-06?agency=LS.LOCBINH&${MARCH}`).set(auth('ql'));
    expect(res.status).toBe(200);
    expect(res.body.rows).toHaveLength(2);
    for (const r of [...res.body.rows, res.body.total]) {
      expect(r.c3).toBe(r.c4 + r.c5 + r.c6);
      expect(r.c7).toBe(r.c8 + r.c9 + r.c10);
      expect(r.c11).toBe(r.c12 + r.c13);
      expect(r.c3).toBe(r.c7 + r.c11 + r.withdrawn + r.stopped);
    }
    expect(res.body.total).toMatchObject({
      field: 'Tổng số',
      c3: 8,
      c4: 3,
      c5: 3,
      c6: 2,
      c7: 4,
      c8: 2,
      c9: 1,
      c10: 1,
      c11: 3,
      c12: 1,
      c13: 2,
      withdrawn: 1,
      stopped: 0,
    });
  });

  it('the .xlsx opens in a spreadsheet library with the official headers, merged cells and numbers', async () => {
    const res = await ctx.t.http().get('/api/v1/reports/form-06?agency=LS.LOCBINH&period=2026-Q1&format=xlsx').set(auth('ql')).responseType('blob');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as Parameters<typeof wb.xlsx.load>[0]);
    const ws = wb.worksheets[0];
    // The units, the title and the period, as on the official form.
    expect(ws.getCell('A1').value).toBe('Biểu số II.06a/VPCP/KSTT');
    expect(ws.getCell('K1').value).toBe('Đơn vị báo cáo: UBND xã Lộc Bình');
    expect(ws.getCell('K2').value).toBe('Đơn vị nhận báo cáo: UBND tỉnh Lạng Sơn (Văn phòng UBND tỉnh)');
    expect(ws.getCell('A4').value).toBe('TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI UBND XÃ LỘC BÌNH');
    expect(ws.getCell('A5').value).toBe('Kỳ báo cáo: từ ngày 01/01/2026 đến ngày 31/03/2026');
    expect(ws.getCell('C7').value).toBe('Số hồ sơ nhận giải quyết');
    expect(ws.getCell('G7').value).toBe('Số hồ sơ đã giải quyết');
    expect(ws.getCell('K7').value).toBe('Số hồ sơ đang giải quyết');
    expect(ws.getCell('H8').value).toBe('Trả trước hạn');
    expect(ws.getCell('M9').value).toBe('(13)');
    for (const range of ['C7:F7', 'G7:J7', 'K7:M7', 'A7:A8', 'B7:B8', 'N7:N8']) expect(ws.model.merges).toContain(range);
    expect(ws.getCell('D7').isMerged).toBe(true);
    // Prints on landscape A4, one page wide, the header rows on every page.
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, printTitlesRow: '7:9' });
    // Q1 (January–March): every fixture dossier but I (April); H was received and decided in February.
    const rows = ws.getRows(1, ws.rowCount)!;
    const totalRow = rows.find((r) => r.getCell(2).value === 'Tổng số')!;
    expect([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15].map((c) => totalRow.getCell(c).value)).toEqual([9, 3, 6, 0, 5, 3, 1, 1, 3, 1, 2, 1, 0]);
    expect(totalRow.getCell(3).font.bold).toBe(true);
    // The date line and the signature blocks under the table.
    const after = rows.slice(totalRow.number);
    const texts = after.flatMap((r) => [r.getCell(2).value, r.getCell(11).value]).filter(Boolean);
    expect(texts).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Lộc Bình, ngày \d{2} tháng \d{2} năm \d{4}$/),
        'NGƯỜI LẬP BIỂU',
        'THỦ TRƯỞNG ĐƠN VỊ',
        '(Ký, ghi rõ họ tên)',
        '(Ký tên, đóng dấu)',
      ]),
    );
  });

  it('CSV with a BOM; bad periods and formats are 400', async () => {
    const csv = await ctx.t.http().get(`/api/v1/reports/form-06?agency=LS.LOCBINH&${MARCH}&format=csv`).set(auth('ql'));
    expect(csv.status).toBe(200);
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    expect(csv.text.split('\r\n').at(-2)).toBe(',"Tổng số",8,3,3,2,4,2,1,1,3,1,2,1,0');
    expect((await ctx.t.http().get('/api/v1/reports/form-06?period=2026-Q5').set(auth('ql'))).status).toBe(400);
    expect((await ctx.t.http().get(`/api/v1/reports/form-06?${MARCH}&format=pdf`).set(auth('ql'))).status).toBe(400);
    expect((await ctx.t.http().get(`/api/v1/reports/form-06?${MARCH}&period=2026`).set(auth('ql'))).status).toBe(400);
  });
});

describe('form 07, the register', () => {
  it('one line per dossier received in the period, in the order received, with its dates and a note', async () => {
    const res = await ctx.t.http().get(`/api/v1/reports/register?agency=LS.LOCBINH&${MARCH}&format=json`).set(auth('ql'));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ form: '07', agency: 'LS.LOCBINH', agencyName: 'UBND xã Lộc Bình', from: '2026-03-01', to: '2026-03-31' });
    const rows = res.body.rows as Record<string, unknown>[];
    // Received in March: B, C, G on 2/3 08:00 (by code), F on 10/3, D on 16/3, E on 31/3; A, H, J in February, I in April.
    expect(rows.map((r) => (r.code as string).slice(-1))).toEqual(['B', 'C', 'G', 'F', 'D', 'E']);
    expect(rows.map((r) => r.stt)).toEqual([1, 2, 3, 4, 5, 6]);
    const [b, c, g, f, d, e] = rows;
    expect(b).toMatchObject({
      procedure: 'Cấp Giấy xác nhận tình trạng hôn nhân',
      sets: 1,
      applicant: APPLICANT.fullName,
      receivedAt: '2026-03-02T08:00:00+07:00',
      appointment: '2026-03-05T08:10:00+07:00',
      transferredAt: '2026-03-02T09:00:00+07:00',
      resultReceivedAt: '2026-03-05T09:00:00+07:00',
      returnedAt: '2026-03-05T14:00:00+07:00',
      note: 'Giải quyết đúng hạn',
    });
    expect(b.decidingUnit).toMatch(/Văn phòng/);
    expect(c.note).toBe('Giải quyết quá hạn. Đã xin lỗi (mẫu 04), hẹn lại 10/03/2026 17:00');
    expect(c.appointment).toBe('2026-03-05T08:00:00+07:00');
    expect(g).toMatchObject({
      procedure: 'Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hàng tháng',
      note: 'Giải quyết trước hạn, chờ trả kết quả',
      returnedAt: null,
    });
    expect(f).toMatchObject({ note: 'Đã rút hồ sơ: Công dân rút', transferredAt: null, resultReceivedAt: null });
    expect(d).toMatchObject({ note: 'Đang giải quyết, quá hạn', transferredAt: '2026-03-16T09:00:00+07:00', resultReceivedAt: null });
    // E is still at reception on 15/4, past its appointment of 3/4: the register tells where each dossier stands when printed.
    expect(e).toMatchObject({ note: 'Đã tiếp nhận, quá hạn', transferredAt: null });
  });

  it('prints as a landscape A4 register and downloads as .xlsx with the same lines', async () => {
    const html = await ctx.t.http().get(`/api/v1/reports/register?agency=LS.LOCBINH&${MARCH}`).set(auth('ql'));
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.text).toContain('SỔ THEO DÕI HỒ SƠ');
    expect(html.text).toContain('size:A4 landscape');
    expect(html.text).toContain('Từ ngày 01/03/2026 đến ngày 31/03/2026');
    expect(html.text.match(/<tbody>.*<\/tbody>/s)![0].match(/<tr>/g)).toHaveLength(6);
    expect(html.text).toContain('<td>02/03/2026 08:00</td>');

    const res = await ctx.t.http().get(`/api/v1/reports/register?agency=LS.LOCBINH&${MARCH}&format=xlsx`).set(auth('ql')).responseType('blob');
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain('so-theo-doi-ho-so-LS.LOCBINH-2026-03-01-2026-03-31.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as Parameters<typeof wb.xlsx.load>[0]);
    const ws = wb.worksheets[0];
    expect(ws.getCell('A4').value).toBe('SỔ THEO DÕI HỒ SƠ');
    expect(ws.getCell('H7').value).toBe('Ngày, tháng, năm');
    expect(ws.getCell('J8').value).toBe('Chuyển hồ sơ đến cơ quan giải quyết');
    for (const range of ['H7:L7', 'A7:A8', 'M7:M8']) expect(ws.model.merges).toContain(range);
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToWidth: 1, printTitlesRow: '7:9' });
    expect(ws.getRow(10).values).toEqual(expect.arrayContaining([1, '000.21.37.H37-FIX-B', '02/03/2026 08:00', '05/03/2026 14:00', 'Giải quyết đúng hạn']));
    expect(ws.getCell('B15').value).toBe('000.21.37.H37-FIX-E');
  });

  it('is kept per commune: a province gets 422, another commune 404, a bad period 400; without dates, this month', async () => {
    const prov = await ctx.t.http().get(`/api/v1/reports/register?agency=LS&${MARCH}`).set(auth('tinh'));
    expect(prov.status).toBe(422);
    expect(prov.body.error.code).toBe('REGISTER_NEEDS_COMMUNE');
    expect((await ctx.t.http().get(`/api/v1/reports/register?agency=LS.LOCBINH&${MARCH}&format=json`).set(auth('tinh'))).status).toBe(200);
    expect((await ctx.t.http().get(`/api/v1/reports/register?agency=LS.LOCBINH&${MARCH}`).set(auth('tn2'))).status).toBe(404);
    expect((await ctx.t.http().get('/api/v1/reports/register?from=2026-03-31&to=2026-03-01').set(auth('ql'))).status).toBe(400);
    expect((await ctx.t.http().get(`/api/v1/reports/register?${MARCH}&format=pdf`).set(auth('ql'))).status).toBe(400);
    // The clock says 15/4/2026: this month is April 1–15, which holds I.
    const now = await ctx.t.http().get('/api/v1/reports/register?format=json').set(auth('ql'));
    expect(now.body).toMatchObject({ from: '2026-04-01', to: '2026-04-15' });
    expect(now.body.rows.map((r: { code: string }) => r.code.slice(-1))).toEqual(['I']);
  });
});

describe('plan targets', () => {
  it('Lộc Bình 2026: actual, met / not met / not measured with the reason, and the year-end pace', async () => {
    const res = await ctx.t.http().get('/api/v1/reports/plan?agency=LS.LOCBINH&year=2026').set(auth('ql'));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ agency: 'LS.LOCBINH', year: 2026, asOf: '2026-04-15' });
    const [plan] = res.body.plans;
    expect(plan.plan).toBe('Kế hoạch CCHC nhà nước xã Lộc Bình giai đoạn 2026 - 2030');
    const by = (indicator: string, i = 0) => plan.targets.filter((x: { indicator: string }) => x.indicator === indicator)[i];
    // Year to date: A, B, C, G, H decided (3 early, 1 on time, 1 late).
    expect(by('on_time_rate')).toMatchObject({
      target: 99,
      actual: 80,
      numerator: 4,
      denominator: 5,
      status: 'not_met',
      projection: { yearEnd: 80, onTrack: false },
    });
    expect(by('satisfaction_rate')).toMatchObject({ actual: 80, numerator: 4, denominator: 5, status: 'not_met' });
    expect(by('satisfaction_rate', 1)).toMatchObject({ scope: { fields: ['Đất đai', 'Xây dựng', 'Đầu tư'] }, status: 'not_measured', actual: null });
    expect(by('online_payment_rate')).toMatchObject({ actual: 100, status: 'met' });
    // 7 of the 9 procedures eligible for full-online service are offered so (marriage, both certifications and land
    // mediation need the applicant's presence: their files say `fullOnlineEligible: false`).
    expect(by('full_online_service_share')).toMatchObject({ numerator: 7, denominator: 9, actual: 77.78, status: 'not_met' });
    // Online receptions of fully-online procedures (B, E) over all ten received this year.
    expect(by('full_online_dossier_rate')).toMatchObject({ numerator: 2, denominator: 10, actual: 20 });
    expect(by('digital_inspection_share')).toMatchObject({ status: 'not_measured', reason: 'hoạt động kiểm tra không thuộc phạm vi hệ thống' });
    expect(plan.notMeasured).toHaveLength(4);
    // A year (or a unit) without a plan answers with none, which the page says (issue 24: every unit a manager chooses).
    const none = await ctx.t.http().get('/api/v1/reports/plan?agency=LS.LOCBINH&year=2024').set(auth('ql'));
    expect([none.status, none.body.plans]).toEqual([200, []]);
    // A department's code reads its commune's plan.
    const byUnit = await ctx.t.http().get('/api/v1/reports/plan?agency=LS.LOCBINH.TTPVHCC&year=2026').set(auth('ql'));
    expect([byUnit.status, byUnit.body.agency, byUnit.body.plans.length]).toEqual([200, 'LS.LOCBINH', 1]);
    expect((await ctx.t.http().get('/api/v1/reports/plan?agency=LS.LOCBINH&year=20x6').set(auth('ql'))).status).toBe(400);
    expect((await ctx.t.http().get('/api/v1/reports/plan?agency=LS.LOCBINH&year=2026').set(auth('tn2'))).status).toBe(404);
  });
});

describe('QĐ 766 index', () => {
  it('five groups, 100 points; points only where the formula is known, "not computed" elsewhere', async () => {
    const res = await ctx.t.http().get(`/api/v1/reports/index-766?agency=LS.LOCBINH&${MARCH}`).set(auth('ql'));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.groups.map((g: { max: number }) => g.max)).toEqual([18, 20, 22, 22, 18]);
    const item = (id: string) => res.body.groups.flatMap((g: { items: { id: string }[] }) => g.items).find((i: { id: string }) => i.id === id);
    // Progress: on time A, B, G (3) against late C plus open overdue D, J (3) → 50% → 10 of 20 points.
    expect(item('2.1')).toMatchObject({ value: 50, points: 10, computed: true });
    // Payment: B paid online, the only fee payment → 100% → 6 of 6.
    expect(item('4.4')).toMatchObject({ value: 100, points: 6, computed: true });
    expect(item('1.1')).toMatchObject({ computed: false, points: null });
    expect(item('5.3')).toMatchObject({ computed: false, points: null, value: 75 });
    expect(res.body.computed.complete).toBe(false);
    for (const g of res.body.groups) for (const i of g.items) if (!i.computed) expect(i.reason, i.id).toBeTruthy();
  });
});

describe('rollups give the same figures as the live computation', () => {
  const byCode = async (c: string) => (await ctx.t.http().get(`/api/v1/dossiers?q=FIX-${c}`).set(auth('ql'))).body.items[0];
  const compare = async (query: string) => {
    const live = (await ctx.t.http().get(`/api/v1/reports/indicators?${query}&source=live`).set(auth('tinh'))).body;
    const rolled = (await ctx.t.http().get(`/api/v1/reports/indicators?${query}&source=rollup`).set(auth('tinh'))).body;
    expect(rolled.source).toBe('rollup');
    expect({ ...rolled, source: 'live' }, query).toEqual(live);
    return live;
  };

  it('for periods cutting through pauses, withdrawals and apologies, every grouping, before and after later changes', async () => {
    // Before the rollup job has run at all, the rollup path counts every dossier from its pending change.
    await compare('agency=LS&from=2026-03-01&to=2026-03-31&groupBy=procedure');
    await compare('agency=LS.LOCBINH&from=2026-01-01&to=2026-04-30&groupBy=month');
    expect(await ctx.t.app.get(RollupService).apply()).toBeGreaterThanOrEqual(FIXTURE.length);
    const periods: [string, string][] = [
      ['2026-03-01', '2026-03-31'],
      ['2026-01-01', '2026-03-31'],
      ['2026-02-27', '2026-03-05'],
      ['2026-03-05', '2026-03-05'],
      ['2026-03-10', '2026-04-30'],
    ];
    // Every week from February to mid-April, so each fixture dossier is cut at each of its stages.
    for (let d = Date.parse('2026-02-01T00:00:00Z'); d < Date.parse('2026-04-15T00:00:00Z'); d += 7 * 86_400_000) {
      periods.push([new Date(d).toISOString().slice(0, 10), new Date(d + 6 * 86_400_000).toISOString().slice(0, 10)]);
    }
    for (const [from, to] of periods) {
      for (const groupBy of ['agency', 'procedure', 'field']) await compare(`agency=LS&from=${from}&to=${to}&groupBy=${groupBy}`);
    }
    await compare('agency=LS.LOCBINH&from=2026-01-01&to=2026-04-30&groupBy=month');

    // A later change — D decided today, late — counts at once: the rollup path adds it before the job applies it.
    const { body: list } = await ctx.t.http().get('/api/v1/dossiers?q=FIX-D').set(auth('ql'));
    let d = list.items[0];
    for (const [who, body] of [
      ['cv', { action: 'complete_step' }],
      ['ld', { action: 'approve', outcome: 'issued' }],
    ] as const) {
      const res = await ctx.t
        .http()
        .post(`/api/v1/dossiers/${d.id}/actions`)
        .set(auth(who))
        .send({ ...body, expectedVersion: d.version });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      d = res.body;
    }
    const april = 'agency=LS.LOCBINH&from=2026-04-01&to=2026-04-30';
    const byDefault = (await ctx.t.http().get(`/api/v1/reports/indicators?${april}`).set(auth('ql'))).body;
    expect(byDefault.source).toBe('rollup');
    expect(byDefault.total.resolved.late).toBe(1);
    expect((await compare(april)).total.resolved.late).toBe(1);
    expect(await ctx.t.app.get(RollupService).apply()).toBe(1);
    expect(await ctx.t.app.get(RollupService).apply()).toBe(0);
    const after = await compare(april);
    expect(after.total.resolved.late).toBe(1);
    await compare('agency=LS&from=2026-03-01&to=2026-04-30&groupBy=procedure');
  });

  it('runs at once with each other and with changes to the dossiers they read neither lose nor double-count a change', async () => {
    const svc = ctx.t.app.get(RollupService);
    const [j, e] = [await byCode('J'), await byCode('E')];
    const act = (who: 'cv' | 'tn', d: { id: string; version: number }) =>
      ctx.t
        .http()
        .post(`/api/v1/dossiers/${d.id}/actions`)
        .set(auth(who))
        .send({ action: 'complete_step', expectedVersion: d.version })
        .then((r) => r.status);
    // Two actions on dossiers that three runs are reading and writing at the same time.
    const out = await Promise.all([svc.apply(), act('cv', j), svc.apply(), act('tn', e), svc.apply()]);
    expect([out[1], out[3]]).toEqual([200, 200]);
    // Whatever a run skipped (locked) or read before a change is still dirty, and is taken by a later run.
    while ((await svc.apply()) > 0);
    await compare('agency=LS&from=2026-01-01&to=2026-04-30&groupBy=procedure');
    await compare('agency=LS.LOCBINH&from=2026-03-01&to=2026-04-30&groupBy=month');
  });

  it('a dossier changed between a run reading it and writing its sums is left dirty for the next run', async () => {
    const svc = ctx.t.app.get(RollupService);
    const db = ctx.t.app.get(Db);
    const before = await byCode('E');
    expect(
      (await ctx.t.http().post(`/api/v1/dossiers/${before.id}/actions`).set(auth('cv')).send({ action: 'complete_step', expectedVersion: before.version }))
        .status,
    ).toBe(200);
    // The leader's approval lands right after the run has read E (still in progress) and before it writes: a real
    // change through the API, at the one moment a test cannot otherwise choose. Statements still reach the database.
    const statement = db.statement.bind(db);
    let approved = false;
    const spy = vi.spyOn(db, 'statement').mockImplementation(async (sql: string, params?: unknown[], name?: string) => {
      const rows = await statement(sql, params, name);
      if (!approved && sql.includes('AS seen')) {
        approved = true;
        const e = await byCode('E');
        expect(
          (
            await ctx.t
              .http()
              .post(`/api/v1/dossiers/${e.id}/actions`)
              .set(auth('ld'))
              .send({ action: 'approve', outcome: 'issued', expectedVersion: e.version })
          ).status,
        ).toBe(200);
      }
      return rows as never;
    });
    try {
      expect(await svc.apply()).toBe(0);
    } finally {
      spy.mockRestore();
    }
    expect(approved).toBe(true);
    expect(await svc.apply()).toBe(1);
    const april = await compare('agency=LS.LOCBINH&from=2026-04-01&to=2026-04-30');
    expect(april.total.resolved.total).toBeGreaterThan(0);
  });
});

describe('a period that has not ended is counted as of now (issue 24)', () => {
  // Lợi Bác, three dossiers of 3 working days, asked on Wed 15/4/2026 08:00 (the clock): L was due Tue 14/4 (overdue),
  // M is due today at 08:00 (overdue only from tomorrow, by date), K is due Thu 16/4. Before, April counted all three
  // as overdue, since each is due before the month ends.
  const loiBac = (code: string, receivedAt: string) => ({ ...item(code, 'direct', receivedAt, []), agencyCode: 'LS.LOIBAC' });
  beforeAll(async () => {
    const batch = [loiBac('K', '2026-04-13T08:00:00'), loiBac('L', '2026-04-09T08:00:00'), loiBac('M', '2026-04-10T08:00:00')];
    const res = await ctx.t.http().post('/api/v1/import/dossiers').set(auth('nhap')).send(batch);
    expect(res.body, JSON.stringify(res.body)).toMatchObject({ imported: 3, failed: [] });
  });
  const ask = async (query: string, source: string) =>
    (await ctx.t.http().get(`/api/v1/reports/indicators?agency=LS.LOIBAC&${query}&source=${source}`).set(auth('tinh'))).body;

  it.each(['live', 'rollup'])('April asked on 15/4 (%s): one overdue, two within the deadline; counted to today', async (source) => {
    const april = await ask('from=2026-04-01&to=2026-04-30', source);
    expect(april.to).toBe('2026-04-15');
    expect(april.total.inProgress).toEqual({ total: 3, withinDeadline: 2, overdue: 1 });
    expect(april.total.apologies.required).toBe(1);
    // The same as the period that ended yesterday: nothing was received or decided today.
    const ended = await ask('from=2026-04-01&to=2026-04-14', source);
    expect(ended.total.inProgress).toEqual({ total: 3, withinDeadline: 2, overdue: 1 });
    // By month, the month that holds today is cut the same way.
    const months = await ask('from=2026-01-01&to=2026-12-31&groupBy=month', source);
    expect(months.rows.map((r: { key: string }) => r.key)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04']);
    expect(months.rows[3].inProgress).toEqual({ total: 3, withinDeadline: 2, overdue: 1 });
  });

  it('a plan target whose value the province sets shows its actual, not judged (Lợi Bác 2026)', async () => {
    const res = await ctx.t.http().get('/api/v1/reports/plan?agency=LS.LOIBAC&year=2026').set(auth('tinh'));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const online = res.body.plans[0].targets.find((t: { indicator: string }) => t.indicator === 'online_rate');
    // K, L, M were filed at the counter: 0 online of 3 received this year.
    expect(online).toMatchObject({
      target: null,
      actual: 0,
      numerator: 0,
      denominator: 3,
      status: 'not_measured',
      reason: 'chỉ tiêu do cấp trên giao, kế hoạch không ghi giá trị',
    });
  });

  it('the dossiers behind the overdue figure are the one counted', async () => {
    const res = await ctx.t
      .http()
      .get('/api/v1/reports/indicators/dossiers?agency=LS.LOIBAC&from=2026-04-01&to=2026-04-30&measure=inProgress.overdue')
      .set(auth('tinh'));
    expect(codes(res.body.items)).toEqual(['L']);
  });
});

describe('the department migration', () => {
  it('fills existing rows with the department the server writes (the rule in SQL matches departmentOf)', async () => {
    // Overdue ones too: the sweep marks the open dossiers late as of "now" (mid-April).
    await ctx.t.app.get(DeadlineSweepService).sweep();
    const db = ctx.t.app.get(Db);
    const written = await db.statement<{ code: string; department_code: string }>('SELECT code, department_code FROM dossier ORDER BY code');
    expect(new Set(written.map((r) => r.department_code)).size).toBeGreaterThanOrEqual(3);
    const up = readFileSync(join(projectRoot(), 'migrations', '1764800000000-department.sql'), 'utf8').split('-- migrate:down')[0];
    const backfill = up.slice(up.indexOf('WITH s AS'));
    await db.statement('UPDATE dossier SET department_code = NULL');
    await db.statement(backfill);
    expect(await db.statement('SELECT code, department_code FROM dossier ORDER BY code')).toEqual(written);
  });
});
