import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/common/clock.js';
import { ARTIFACTS, chromiumPath, expectAccessible, logIn, useBrowser } from '../helpers/browser.js';
import { createUsers, useStaffApp } from '../helpers/staff.js';

/**
 * The plan page (/ke-hoach, issue 27) as Lợi Bác's Phòng Văn hóa – Xã hội and its leader use it: the tasks by section
 * with what is overdue, a task updated with its evidence and marked done, a unit's own tasks, and the quarter's report
 * printed and downloaded.
 */
const clock = new FixedClock(new Date('2026-04-20T09:00:00+07:00'));

describe.skipIf(!chromiumPath)('the plan page in Chromium (needs Chromium: apt-get install chromium)', () => {
  const ctx = useStaffApp(clock);
  const web = useBrowser(ctx);

  beforeAll(async () => {
    await createUsers(ctx.t, {
      vhxh: { roles: ['specialist'], agencyCode: 'LS.LOIBAC.VHXH' },
      ktlb: { roles: ['specialist'], agencyCode: 'LS.LOIBAC.KT' },
      ldlb: { roles: ['leader'], agencyCode: 'LS.LOIBAC.LD' },
    });
  });

  it('Phòng Văn hóa – Xã hội sees what is overdue, records a task’s progress with a file, and marks it done', async () => {
    const page = await web.person();
    await logIn(page, web.base, 't.vhxh', '/dang-nhap?next=%2Fke-hoach');
    await page.getByRole('heading', { name: 'Kế hoạch cải cách hành chính' }).waitFor();
    await expect.poll(() => page.getByText('I. Công tác chỉ đạo, điều hành CCHC').count()).toBe(1);
    // 20 April: February's task (I.1) and the first quarter's (I.2) are overdue.
    const overdue = page.getByRole('button', { name: /Quá hạn/ });
    await expect.poll(() => overdue.innerText()).toMatch(/Quá hạn\s*2/);
    await expectAccessible(page, 'the plan page');
    await page.screenshot({ path: 'test-artifacts/plan.png' });

    await overdue.click();
    await expect.poll(() => page.getByRole('row', { name: /Xây dựng Kế hoạch thông tin, tuyên truyền CCHC/ }).count()).toBe(1);
    expect(await page.getByRole('row', { name: /Tổ chức Hội nghị giao ban/ }).count()).toBe(0);
    await page.getByRole('button', { name: 'Cập nhật nhiệm vụ I.2' }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText('Quý I/2026 — hạn 31/03/2026').waitFor();
    await drawer.getByLabel('Nội dung đã thực hiện').fill('Đã ban hành Kế hoạch tuyên truyền CCHC năm 2026');
    await drawer.getByLabel('Số, ký hiệu văn bản minh chứng').fill('18/KH-UBND ngày 10/4/2026');
    const pdf = join(ARTIFACTS, 'minh-chung.pdf');
    writeFileSync(pdf, '%PDF-1.4 kế hoạch tuyên truyền');
    await drawer.locator('input[type=file]').setInputFiles(pdf);
    await drawer.getByText('minh-chung.pdf').waitFor();
    await expectAccessible(page, 'the task drawer');
    await page.screenshot({ path: 'test-artifacts/plan-task.png' });
    await drawer.getByRole('button', { name: 'Đánh dấu hoàn thành' }).click();
    await drawer.getByRole('button', { name: 'Mở lại' }).waitFor();
    expect(await drawer.innerText()).toContain('Tải minh chứng: minh-chung.pdf');
    expect(await drawer.innerText()).toContain('Hoàn thành');
    const [file] = await Promise.all([page.waitForEvent('download'), drawer.getByRole('button', { name: /Tải minh chứng/ }).click()]);
    expect(file.suggestedFilename()).toBe('minh-chung.pdf');
    await page.screenshot({ path: 'test-artifacts/plan-task-done.png' });
    await page.keyboard.press('Escape');
    // Done late (due 31 March), so it leaves the overdue list; I.1 remains.
    await expect.poll(() => overdue.innerText()).toMatch(/Quá hạn\s*1/);
  });

  it('Phòng Kinh tế filters its own tasks and cannot update another unit’s', async () => {
    const page = await web.person();
    await logIn(page, web.base, 't.ktlb', '/dang-nhap?next=%2Fke-hoach');
    await page.getByRole('heading', { name: 'Kế hoạch cải cách hành chính' }).waitFor();
    await page.getByRole('switch', { name: 'Chỉ nhiệm vụ đơn vị tôi chủ trì' }).click();
    await expect.poll(() => page.getByText(/^\d+\/42 nhiệm vụ$/).innerText()).not.toBe('42/42 nhiệm vụ');
    expect(await page.getByRole('button', { name: 'Cập nhật nhiệm vụ VI.1' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Xem nhiệm vụ I.2' }).count()).toBe(0); // not its own: filtered out
    await page.getByRole('switch', { name: 'Chỉ nhiệm vụ đơn vị tôi chủ trì' }).click();
    await page.getByRole('button', { name: 'Xem nhiệm vụ I.4' }).click();
    await page.getByRole('dialog').getByText('Chỉ đơn vị chủ trì hoặc đơn vị theo dõi kế hoạch được cập nhật').waitFor();
  });

  it('the leader reads the first quarter’s report, prints it and downloads it', async () => {
    const page = await web.person();
    await logIn(page, web.base, 't.ldlb', '/dang-nhap?next=%2Fke-hoach');
    await page.getByRole('tab', { name: 'Báo cáo quý, năm' }).click();
    await page.getByText('Quý I', { exact: true }).click();
    const panel = page.getByRole('tabpanel');
    await expect.poll(() => panel.innerText()).toContain('Kết quả thực hiện nhiệm vụ theo lĩnh vực');
    await expect.poll(() => panel.innerText()).toContain('Hoàn thành quá hạn');
    await expectAccessible(page, 'the plan report');
    await page.getByRole('button', { name: 'Xem bản in' }).click();
    const frame = page.frameLocator('iframe[title="Báo cáo kết quả thực hiện kế hoạch CCHC"]');
    await frame.getByText('BÁO CÁO').first().waitFor();
    await page.screenshot({ path: 'test-artifacts/plan-report.png' });
    await frame.locator('body').screenshot({ path: 'test-artifacts/plan-report-print.png' });
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải báo cáo (.xlsx)' }).click()]);
    expect(file.suggestedFilename()).toBe('bao-cao-ke-hoach-cchc-LS.LOIBAC-2026-Q1.xlsx');
  });
});
