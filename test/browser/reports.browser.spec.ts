import { beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/common/clock.js';
import { chromiumPath, expectAccessible, logIn, useBrowser } from '../helpers/browser.js';
import { historyDossier, issue, step } from '../helpers/factories.js';
import { useStaffApp } from '../helpers/staff.js';

/**
 * The reports dashboard (issue 23) as a centre manager and a province viewer use it: the plan's indicators with the
 * dossiers behind them, trends, departments and where lateness comes from, Biểu II.06a downloaded, QĐ 766, the plan's
 * targets, and a province's communes side by side.
 */
const clock = new FixedClock(new Date('2026-04-15T08:00:00+07:00'));

const C = step;
const ISSUE = issue;
const item = (code: string, channel: string, receivedAt: string, events: Record<string, unknown>[]) =>
  historyDossier(`000.21.37.H37-DASH-${code}`, { channel, receivedAt, events });
// March 2026 in Lộc Bình: two on time, one late (the office's appraisal ran two days over), one still open.
const FIXTURE = [
  item('A', 'online', '2026-03-02T08:00:00', [C('2026-03-02T09:00:00'), C('2026-03-03T09:00:00'), ISSUE('2026-03-04T09:00:00')]),
  item('B', 'direct', '2026-03-09T08:00:00', [C('2026-03-09T09:00:00'), C('2026-03-10T09:00:00'), ISSUE('2026-03-10T10:00:00')]),
  item('C', 'direct', '2026-03-16T08:00:00', [C('2026-03-16T09:00:00'), C('2026-03-20T09:00:00'), ISSUE('2026-03-23T09:00:00')]),
  item('D', 'online', '2026-04-13T08:00:00', [C('2026-04-13T09:00:00')]),
];

describe.skipIf(!chromiumPath)('the reports dashboard in Chromium (needs Chromium: apt-get install chromium)', () => {
  const ctx = useStaffApp(clock);
  const web = useBrowser(ctx);

  beforeAll(async () => {
    const res = await ctx.t.http().post('/api/v1/import/dossiers').set(ctx.auth('nhap')).send(FIXTURE);
    expect(res.body).toMatchObject({ imported: FIXTURE.length, failed: [] });
  });

  it('a manager reads the plan’s indicators, opens the dossiers behind one, and takes Biểu II.06a away', async () => {
    const page = await web.person();
    await logIn(page, web.base, 't.ql', '/dang-nhap?next=%2Fbao-cao');
    await page.getByRole('heading', { name: 'Báo cáo kết quả giải quyết thủ tục hành chính' }).waitFor();
    // Year 2026 to date: three decided, one of them late.
    const onTime = page.locator('.ant-card', { hasText: 'Giải quyết đúng hạn' });
    await expect.poll(() => onTime.innerText()).toContain('2/3');
    expect(await onTime.innerText()).toContain('66,67%');
    await page.getByRole('img', { name: /Biểu đồ tỷ lệ đúng hạn/ }).waitFor();
    await expectAccessible(page, 'the reports dashboard');
    await page.screenshot({ path: 'test-artifacts/reports.png', fullPage: true });

    // The figure's dossiers: the late one.
    await onTime.click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.innerText()).toContain('000.21.37.H37-DASH-C');
    expect(await dialog.innerText()).not.toContain('DASH-A');
    await page.keyboard.press('Escape');

    // Departments: the office holds the late one; the late steps by unit say where it began.
    await page.getByRole('tab', { name: 'Theo phòng ban' }).click();
    const office = page.getByRole('row', { name: /Văn phòng HĐND và UBND xã Lộc Bình/ }).first();
    await office.waitFor();
    expect(await page.getByRole('tabpanel').innerText()).toContain('Nguồn gốc chậm trễ');
    await page.screenshot({ path: 'test-artifacts/reports-departments.png', fullPage: true });

    // Biểu II.06a: the table, and the .xlsx as a download.
    await page.getByRole('tab', { name: 'Biểu II.06a' }).click();
    await expect.poll(() => page.getByRole('tabpanel').innerText()).toContain('Tổng số');
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải Biểu II.06a (.xlsx)' }).click()]);
    expect(file.suggestedFilename()).toMatch(/^bieu-II06a-LS\.LOCBINH-2026-01-01-2026-\d\d-\d\d\.xlsx$/);

    await page.getByRole('tab', { name: 'Chỉ số QĐ 766' }).click();
    await expect.poll(() => page.getByRole('tabpanel').innerText()).toContain('Điểm tính được');
    await page.getByRole('tab', { name: /Chỉ tiêu kế hoạch/ }).click();
    await expect.poll(() => page.getByRole('tabpanel').innerText()).toMatch(/Đạt|Chưa đạt|Chưa đo được/);
    await expectAccessible(page, 'the plan targets');
    await page.screenshot({ path: 'test-artifacts/reports-plan.png', fullPage: true });
  });

  it('a province viewer compares the communes and opens one', async () => {
    const page = await web.person();
    await logIn(page, web.base, 't.tinh', '/dang-nhap?next=%2Fbao-cao');
    await page.getByRole('tab', { name: 'Các xã, phường' }).click();
    const row = page.getByRole('row', { name: /UBND xã Lộc Bình/ });
    await row.waitFor();
    expect(await page.getByRole('row', { name: /UBND xã Tân Đoàn/ }).count()).toBe(1);
    await row.getByRole('button', { name: 'UBND xã Lộc Bình' }).click();
    await page.getByRole('tab', { name: 'Theo phòng ban' }).waitFor();
    expect(await page.getByLabel('Đơn vị báo cáo').locator('..').innerText()).toContain('UBND xã Lộc Bình');
  });

  it('a target the province sets shows its actual and waits for the province’s value (Lợi Bác)', async () => {
    const page = await web.person();
    await logIn(page, web.base, 't.tinh', '/dang-nhap?next=%2Fbao-cao');
    await page.getByRole('tab', { name: 'Các xã, phường' }).click();
    await page
      .getByRole('row', { name: /UBND xã Lợi Bác/ })
      .getByRole('button', { name: 'UBND xã Lợi Bác' })
      .click();
    await page.getByRole('tab', { name: /Chỉ tiêu kế hoạch/ }).click();
    const row = page.getByRole('row', { name: /tỷ lệ hồ sơ nộp trực tuyến đạt và vượt chỉ tiêu UBND tỉnh giao/ });
    await expect.poll(() => row.innerText()).toContain('Chờ tỉnh giao chỉ tiêu');
    await page.screenshot({ path: 'test-artifacts/reports-plan-province-target.png', fullPage: true });
  });

  it('a reception officer keeps the register (form 07): March’s dossiers, printed and downloaded', async () => {
    const page = await web.person();
    await logIn(page, web.base, 't.tn', '/dang-nhap?next=%2Fho-so');
    await page.getByRole('link', { name: 'Sổ theo dõi hồ sơ' }).click();
    await page.getByRole('heading', { name: /Sổ theo dõi hồ sơ \(mẫu 07\)/ }).waitFor();
    // The period is in the address: March 2026 holds A, B and C (D came in April).
    await page.goto(`${web.base}/so-theo-doi?from=2026-03-01&to=2026-03-31`);
    const table = page.locator('.ant-table-tbody');
    await expect.poll(() => table.innerText()).toContain('000.21.37.H37-DASH-C');
    expect(await table.innerText()).not.toContain('DASH-D');
    expect(await page.getByText('3 hồ sơ tiếp nhận trong kỳ').count()).toBe(1);
    expect(await page.getByRole('row', { name: /DASH-C/ }).innerText()).toContain('Giải quyết quá hạn, chờ trả kết quả');
    await expectAccessible(page, 'the register');
    await page.screenshot({ path: 'test-artifacts/register.png', fullPage: true });

    await page.getByRole('button', { name: 'In sổ' }).click();
    const sheet = page.frameLocator('iframe[title="Sổ theo dõi hồ sơ"]');
    await sheet.getByRole('heading', { name: 'SỔ THEO DÕI HỒ SƠ' }).waitFor();
    expect(await sheet.locator('tbody tr').count()).toBe(3);
    // The dialog's opening animation done, the sheet as it will print.
    await page.getByRole('dialog').evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)));
    await page.locator('iframe[title="Sổ theo dõi hồ sơ"]').screenshot({ path: 'test-artifacts/register-print.png' });
    await page.keyboard.press('Escape');

    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải sổ (.xlsx)' }).click()]);
    expect(file.suggestedFilename()).toBe('so-theo-doi-ho-so-LS.LOCBINH-2026-03-01-2026-03-31.xlsx');
    // A dossier's code opens it.
    await page.getByRole('link', { name: '000.21.37.H37-DASH-A' }).click();
    await page.getByRole('heading', { name: /000\.21\.37\.H37-DASH-A/ }).waitFor();
  });
});
