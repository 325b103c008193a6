import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/common/clock.js';
import { ADMIN_PASSWORD } from '../helpers/test-app.js';
import { chromiumPath, expectAccessible, logIn, useBrowser } from '../helpers/browser.js';
import { useStaffApp } from '../helpers/staff.js';

/**
 * Administration (issue 23): accounts created, moved, locked and given a new password; each procedure's versions and
 * steps; the calendars with next year's proposal beside them; the rule sets and the one in force.
 */
const clock = new FixedClock(new Date('2026-03-02T08:00:00+07:00'));

describe.skipIf(!chromiumPath)('administration in Chromium (needs Chromium: apt-get install chromium)', () => {
  const ctx = useStaffApp(clock);
  const web = useBrowser(ctx);

  async function asAdmin() {
    const page = await web.person();
    await page.goto(`${web.base}/dang-nhap`);
    await page.getByLabel('Tên đăng nhập').fill('admin');
    await page.getByLabel('Mật khẩu').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL((u) => u.pathname === '/quan-tri/tai-khoan');
    return page;
  }

  it('an administrator creates an account, locks it, and unlocks it with a new password', async () => {
    const page = await asAdmin();
    await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Tên đăng nhập').fill('locbinh.moi');
    await dialog.getByLabel('Họ tên').fill('Đặng Thị Mới');
    // As an officer types into the lists: a word, then Enter on the option it finds.
    await dialog.getByLabel('Vai trò').fill('tiếp nhận');
    await expect
      .poll(() => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option-active').innerText())
      .toBe('Cán bộ tiếp nhận');
    await dialog.getByLabel('Vai trò').press('Enter');
    await dialog.getByLabel('Họ tên').click(); // closes the roles' list
    await expect.poll(() => dialog.locator('.ant-select-selection-item').allInnerTexts()).toContain('Cán bộ tiếp nhận');
    await dialog.getByLabel('Đơn vị', { exact: true }).fill('LS.LOCBINH.TTPVHCC');
    await expect
      .poll(() => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option-active').innerText())
      .toContain('Trung tâm Phục vụ hành chính công xã Lộc Bình');
    await dialog.getByLabel('Đơn vị', { exact: true }).press('Enter');
    await dialog.getByLabel('Mật khẩu').fill('ngan');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    // The server's own message, on the field it names.
    await expect.poll(() => dialog.innerText()).toContain('mật khẩu phải dài ít nhất 8 ký tự');
    await dialog.getByLabel('Mật khẩu').fill('mat-khau-moi-123');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    const row = page.getByRole('row', { name: /locbinh\.moi/ });
    await row.waitFor();
    await expectAccessible(page, 'the accounts page');

    // Locked: the new officer cannot log in; unlocked with a new password, they can.
    await row.getByRole('button', { name: 'Sửa tài khoản locbinh.moi' }).click();
    await page.getByRole('dialog').getByLabel('Đang dùng').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => row.innerText()).toContain('Đã khóa');
    expect((await ctx.t.http().post('/api/v1/auth/login').send({ username: 'locbinh.moi', password: 'mat-khau-moi-123' })).status).toBe(401);
    await row.getByRole('button', { name: 'Sửa tài khoản locbinh.moi' }).click();
    await page.getByRole('dialog').getByLabel('Đang dùng').click();
    await page.getByRole('dialog').getByLabel('Đặt lại mật khẩu (để trống: giữ nguyên)').fill('mat-khau-khac-456');
    await page.getByRole('dialog').getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => row.innerText()).toContain('Đang dùng');
    expect((await ctx.t.http().post('/api/v1/auth/login').send({ username: 'locbinh.moi', password: 'mat-khau-khac-456' })).status).toBe(200);
  }, 120_000);

  it('an administrator reads the procedure versions, the calendars with next year’s proposal, and the rule sets', async () => {
    const page = await asAdmin();

    await page.getByRole('link', { name: 'Quản trị: quy trình thủ tục' }).click();
    await page.getByRole('button', { name: /Cấp Giấy xác nhận tình trạng hôn nhân/ }).click();
    await expect.poll(() => page.locator('main').innerText()).toContain('đang áp dụng');
    await expect.poll(() => page.locator('main').innerText()).toContain('Thẩm định, xác minh');
    await expectAccessible(page, 'the procedure versions');
    await page.screenshot({ path: 'test-artifacts/admin-procedures.png', fullPage: true });

    await page.getByRole('link', { name: 'Quản trị: lịch làm việc' }).click();
    await expect.poll(() => page.locator('main').innerText()).toContain('đề xuất theo Bộ luật Lao động');
    await expect.poll(() => page.locator('main').innerText()).toContain('Tết Âm lịch');
    await expectAccessible(page, 'the calendars');
    await page.screenshot({ path: 'test-artifacts/admin-calendars.png', fullPage: true });

    await page.getByRole('link', { name: 'Quản trị: bộ quy tắc' }).click();
    await expect.poll(() => page.locator('main').innerText()).toContain('đang áp dụng');
    await expect.poll(() => page.locator('main').innerText()).toContain('apology.leadTime');
    await expectAccessible(page, 'the rule sets');
    await page.screenshot({ path: 'test-artifacts/admin-rule-sets.png' });
  }, 120_000);

  it('an administrator sees the job queues, and opens bull-board with Redis (issue 25)', async () => {
    const page = await asAdmin();
    await page.getByRole('link', { name: 'Quản trị: hàng đợi tác vụ' }).click();
    await page.getByRole('heading', { name: 'Hàng đợi tác vụ nền' }).waitFor();
    if (!ctx.t.config.redisUrl) {
      await expect.poll(() => page.locator('main').innerText()).toContain('chế độ nhúng');
      await expectAccessible(page, 'the queues page (embedded)');
      await page.screenshot({ path: 'test-artifacts/admin-queues-embedded.png' });
      // No board without Redis: the address is the web application's own "not found".
      expect((await ctx.t.http().get('/admin/queues')).text).not.toContain('bull');
      return;
    }
    await expect.poll(() => page.locator('main').innerText()).toContain('Quét thời hạn, cảnh báo');
    await expectAccessible(page, 'the queues page');
    await page.screenshot({ path: 'test-artifacts/admin-queues.png' });
    // Without the session's cookie the board refuses; the button hands it over and opens the board.
    expect((await ctx.t.http().get('/admin/queues')).status).toBe(401);
    const [board] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('button', { name: /Mở bảng chi tiết hàng đợi/ }).click()]);
    await board.waitForLoadState();
    await expect.poll(() => board.locator('body').innerText(), { timeout: 20_000 }).toContain('deadlines');
    await expect.poll(() => board.locator('main').innerText(), { timeout: 20_000 }).not.toContain('Loading');
    await board.screenshot({ path: 'test-artifacts/admin-queues-board.png' });
    // A specialist's token in that cookie is refused.
    const cookie = `mc_queues=${ctx.tk.cv}`;
    expect((await ctx.t.http().get('/admin/queues').set('Cookie', cookie)).status).toBe(403);
  }, 120_000);

  it('a specialist has no administration in the menu, and the routes refuse them', async () => {
    const page = await web.person();
    await logIn(page, web.base, 't.cv');
    expect(await page.getByRole('navigation', { name: 'Chức năng' }).innerText()).not.toContain('Quản trị');
    expect((await ctx.t.http().get('/api/v1/admin/rule-sets').set(ctx.auth('cv'))).status).toBe(403);
  });
});
