import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/common/clock.js';
import { DeadlineSweepService } from '../../src/modules/dossier/deadline-sweep.service.js';
import { EventsController } from '../../src/modules/events/events.controller.js';
import { chromiumPath, expectAccessible, logIn, useBrowser } from '../helpers/browser.js';
import { actionsOf, receptionBody, useStaffApp } from '../helpers/staff.js';

/**
 * The managers' morning page (issue 23): the overdue board by department, its filters and print view, and live
 * updates: a dossier changed by someone else moves on the open page, and the page reconnects after losing its stream.
 */
const clock = new FixedClock(new Date('2026-02-23T08:00:00+07:00'));
const at = (iso: string): void => clock.set(new Date(iso));

describe.skipIf(!chromiumPath)('the overdue board in Chromium (needs Chromium: apt-get install chromium)', () => {
  const ctx = useStaffApp(clock);
  const web = useBrowser(ctx);
  const act = actionsOf(ctx, '/api/v1/dossiers');
  const receive = async (procedure = '1.004873') => {
    const res = await ctx.t.http().post('/api/v1/dossiers').set(ctx.auth('tn')).send(receptionBody(procedure));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; code: string; version: number };
  };
  const tile = (title: string) => `[role=button]:has-text("${title}") .ant-statistic-content-value`;

  it('the centre manager sees lateness by department, filters, prints, and watches it change live', async () => {
    const late = await act('tn', await receive(), 'complete_step'); // due Thursday 26 Feb
    at('2026-03-02T08:00:00+07:00');
    const stepLate = await act('tn', await receive(), 'complete_step'); // the office's step ends Tuesday
    at('2026-03-05T11:00:00+07:00');
    await ctx.t.app.get(DeadlineSweepService).sweep();

    const page = await web.person();
    await logIn(page, web.base, 't.ql', '/dang-nhap?next=%2Fbang-theo-doi');
    await page.getByRole('heading', { name: 'Bảng theo dõi hạn giải quyết' }).waitFor();
    await expect.poll(() => page.getByRole('status').innerText()).toBe('Cập nhật trực tiếp');
    const office = page.locator('.board-unit', { hasText: 'Văn phòng HĐND và UBND xã Lộc Bình' });
    await expect.poll(() => office.innerText()).toContain(late.code);
    const text = await office.innerText();
    expect(text).toContain('Quá hạn: 1');
    expect(text).toContain('Phải xin lỗi: 1');
    expect(text).toContain('Cấp Giấy xác nhận tình trạng hôn nhân');
    expect(text).toMatch(/quá hạn \d+ ngày/);
    expect(await page.locator(tile('Quá hạn')).innerText()).toBe('1');
    await expectAccessible(page, 'the overdue board');
    await page.screenshot({ path: 'test-artifacts/board.png', fullPage: true });

    // A tile narrows the board to its bucket; a field with nothing late empties it.
    await page.locator('[role=button]', { hasText: 'Quá hạn' }).click();
    await expect.poll(() => office.innerText()).not.toContain(stepLate.code);
    await page.locator('[role=button]', { hasText: 'Quá hạn' }).click();
    await page.getByLabel('Lọc theo lĩnh vực').click();
    await page.locator('.ant-select-item-option', { hasText: 'Chứng thực' }).click();
    await expect.poll(() => page.getByText('Không có hồ sơ quá hạn').count()).toBe(1);
    await page.getByLabel('Lọc theo lĩnh vực').click();
    await page.locator('.ant-select-item-option', { hasText: 'Hộ tịch' }).click();
    await expect.poll(() => office.innerText()).toContain(late.code);

    // On paper: no menu, no filters; the title and the time say what it is.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('navigation', { name: 'Chức năng' }).isVisible()).toBe(false);
    expect(await page.getByLabel('Lọc theo thủ tục').isVisible()).toBe(false);
    await page.screenshot({ path: 'test-artifacts/board-print.png', fullPage: true });
    await page.emulateMedia({ media: 'screen' });

    // Someone else asks the citizen for a paper: the dossier moves to "waiting" on the open page, without a reload.
    await act('cv', stepLate, 'request_supplement', { items: ['Bản sao sổ hộ khẩu'] });
    await expect.poll(() => page.locator(tile('Chờ công dân')).innerText(), { timeout: 5000 }).toBe('1');
    expect(await page.locator(tile('Phải xin lỗi')).innerText()).toBe('0');

    // The stream ends (a server restarting): the page says so, reconnects, reloads, and hears the next change.
    ctx.t.app.get(EventsController).beforeApplicationShutdown();
    await expect.poll(() => page.getByRole('status').innerText(), { timeout: 10_000 }).toBe('Cập nhật trực tiếp');
    await act('cv', { id: late.id, version: late.version + 1 }, 'issue_apology', { reason: 'Cần xác minh thêm', newDueAt: '2026-03-10T16:00:00+07:00' });
    await expect.poll(() => office.innerText(), { timeout: 10_000 }).toContain('Đã xin lỗi');
  });
});
