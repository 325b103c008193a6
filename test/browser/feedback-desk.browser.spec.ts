import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/common/clock.js';
import { chromiumPath, expectAccessible, logIn, useBrowser } from '../helpers/browser.js';
import { useStaffApp } from '../helpers/staff.js';

/**
 * The feedback desk (issue 23): an item filed on the public form is classified and forwarded at the centre, answered
 * by the office, previewed and published by the manager, and read by the citizen on the public page.
 */
const clock = new FixedClock(new Date('2026-03-02T08:00:00+07:00'));

describe.skipIf(!chromiumPath)('the feedback desk in Chromium (needs Chromium: apt-get install chromium)', () => {
  const ctx = useStaffApp(clock);
  const web = useBrowser(ctx);

  it('classify → forward → answer → preview → publish, each with its step deadline; out of scope needs the referral', async () => {
    const filed = await ctx.t
      .http()
      .post('/api/v1/public/feedback')
      .send({
        agencyCode: 'LS.LOCBINH',
        sender: { fullName: 'Hoàng Văn Tám', phone: '0912000111' },
        about: 'regulation',
        subject: 'Giờ làm việc thứ Bảy',
        body: 'Đề nghị Trung tâm mở cửa sáng thứ Bảy để người đi làm nộp hồ sơ.',
      });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const other = await ctx.t
      .http()
      .post('/api/v1/public/feedback')
      .send({
        agencyCode: 'LS.LOCBINH',
        sender: { fullName: 'Lý Thị Chín' },
        about: 'other',
        subject: 'Tranh chấp ranh giới đất',
        body: 'Nhà bên lấn sang đất nhà tôi.',
      });
    expect(other.status).toBe(201);

    const desk = await web.person();
    await logIn(desk, web.base, 't.tn', '/dang-nhap?next=%2Fxu-ly-phan-anh');
    const row = desk.getByRole('row', { name: /Giờ làm việc thứ Bảy/ });
    await expect.poll(() => row.innerText()).toContain('Phân loại');
    await expectAccessible(desk, 'the feedback desk');

    // Out of scope without a referral is refused on the form; with it, the item leaves the queue.
    await desk
      .getByRole('row', { name: /Tranh chấp ranh giới đất/ })
      .getByRole('button')
      .click();
    await desk.getByRole('button', { name: 'Phân loại' }).click();
    await desk.getByLabel('Không thuộc phạm vi (khiếu nại, tố cáo, việc khác)').check();
    await desk.getByRole('button', { name: 'Xác nhận' }).click();
    await desk.getByText('Hãy nêu lý do và nơi chuyển đến').waitFor();
    await desk
      .getByLabel('Lý do và nơi có thẩm quyền giải quyết')
      .fill('Tranh chấp đất đai: đề nghị hòa giải tại thôn hoặc gửi đơn đến UBND xã theo Luật Đất đai.');
    await desk.getByRole('button', { name: 'Xác nhận' }).click();
    await expect.poll(() => desk.getByRole('dialog').innerText()).toContain('Không thuộc phạm vi');
    await desk.keyboard.press('Escape');

    await row.getByRole('button').click();
    await desk.getByRole('button', { name: 'Phân loại' }).click();
    await desk.getByRole('button', { name: 'Xác nhận' }).click();
    await expect.poll(() => desk.getByRole('dialog').innerText()).toContain('Chuyển đơn vị xử lý, hạn');
    await desk.getByRole('button', { name: 'Chuyển đơn vị xử lý' }).click();
    await desk.getByLabel('Đơn vị xử lý').click();
    await desk.locator('.ant-select-item-option', { hasText: 'Văn phòng HĐND và UBND xã Lộc Bình' }).click();
    await desk.getByRole('button', { name: 'Xác nhận' }).click();
    await expect.poll(() => desk.getByRole('dialog').innerText()).toContain('Trả lời, hạn');
    await desk.screenshot({ path: 'test-artifacts/feedback-desk.png', fullPage: true });

    const office = await web.person();
    await logIn(office, web.base, 't.cv', '/dang-nhap?next=%2Fxu-ly-phan-anh');
    await office
      .getByRole('row', { name: /Giờ làm việc thứ Bảy/ })
      .getByRole('button')
      .click();
    await office.getByRole('button', { name: 'Trả lời' }).click();
    await office.getByLabel('Nội dung trả lời').fill('Từ tháng 4/2026, Trung tâm tiếp nhận hồ sơ sáng thứ Bảy từ 7 giờ 30 đến 11 giờ 30.');
    await office.getByRole('button', { name: 'Xác nhận' }).click();
    await expect.poll(() => office.getByRole('dialog').innerText()).toContain('Công khai kết quả, hạn');

    const manager = await web.person();
    await logIn(manager, web.base, 't.ql', '/dang-nhap?next=%2Fxu-ly-phan-anh');
    await manager
      .getByRole('row', { name: /Giờ làm việc thứ Bảy/ })
      .getByRole('button')
      .click();
    await manager.getByRole('button', { name: 'Công khai kết quả' }).click();
    const preview = manager.locator('.ant-card-type-inner', { hasText: 'Xem trước nội dung công khai' });
    expect(await preview.innerText()).toContain('sáng thứ Bảy từ 7 giờ 30');
    expect(await preview.innerText()).not.toContain('0912000111');
    await expectAccessible(manager, 'the publication preview');
    await manager.screenshot({ path: 'test-artifacts/feedback-publish.png', fullPage: true });
    await manager.getByRole('button', { name: 'Xác nhận' }).click();
    await expect.poll(() => manager.getByRole('dialog').innerText()).toContain('Đã công khai');

    const citizen = await web.person({ phone: true });
    await citizen.goto(`${web.base}/phan-anh/${filed.body.code}`);
    await expect.poll(() => citizen.locator('main').innerText()).toContain('sáng thứ Bảy từ 7 giờ 30');
  });
});
