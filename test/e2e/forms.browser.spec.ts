import { existsSync } from 'node:fs';
// jsqr is CommonJS: its default import is module.exports, and the function is also that object's `default`.
import jsQR from 'jsqr';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/common/clock.js';
import { actionsOf, receptionBody, useStaffApp, type Tokens } from '../helpers/staff.js';

/**
 * The printable forms (01–06 and the reception slips' 02/03) as a citizen and an officer get them: opened in a real
 * Chromium and printed to A4, the way the centre's staff print them from the browser. What a string comparison of
 * the HTML cannot see is checked here: that each form prints on the pages it should, that nothing runs off the
 * printable width, and that the receipt's QR code really scans to the tracking address.
 *
 * Chromium comes from Debian (`apt-get install chromium`, which `.ci/run` does); CHROMIUM_PATH points elsewhere.
 * Without it the file is skipped, except in CI, where a missing browser is a failure.
 */
const chromiumPath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));
if (!chromiumPath && process.env.CI) throw new Error('CI needs Chromium for the printable forms (apt-get install chromium, or set CHROMIUM_PATH)');

// Mon 2 March 2026, 08:00 Vietnam time: an ordinary working day.
const clock = new FixedClock(new Date('2026-03-02T08:00:00+07:00'));
const at = (iso: string): void => clock.set(new Date(iso));

/** A4 less the forms' 20 mm margins, in CSS pixels (96 per inch). */
const PRINTABLE_WIDTH_PX = ((210 - 2 * 20) / 25.4) * 96;

/** Pages in a PDF that Chromium printed: one `/Type /Page` object each (the tree's nodes are `/Pages`). */
const pageCount = (pdf: Buffer): number => (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;

describe.skipIf(!chromiumPath)('printable forms in Chromium (needs Chromium: apt-get install chromium)', () => {
  const ctx = useStaffApp(clock);
  const act = actionsOf(ctx, '/api/v1/dossiers');
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    // The suite's app answers supertest without a port; the browser needs a real one.
    await ctx.t.app.listen(0, '127.0.0.1');
    base = (await ctx.t.app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Opens `path` as `who` in a fresh page; fails on any console error or failed request. */
  async function open(who: keyof Tokens, path: string): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ deviceScaleFactor: 2 });
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()} ${m.location().url}`));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
    page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()}: ${r.url()}`));
    await page.setExtraHTTPHeaders({ Authorization: `Bearer ${ctx.tk[who]}` });
    const res = await page.goto(base + path);
    expect(res?.status(), path).toBe(200);
    expect(res?.headers()['content-type']).toContain('text/html');
    return { page, problems };
  }

  /**
   * Prints the page as the browser's print dialog would (print media, the form's own @page size and margins) and
   * checks what a printed form needs: the given number of pages and no element wider than the printable width.
   */
  async function printed(page: Page, pages: number): Promise<string> {
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: Math.floor(PRINTABLE_WIDTH_PX), height: 1000 });
    const overflow = await page.evaluate((w) => {
      const wide = [...document.body.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > w + 0.5);
      return { scrollWidth: document.documentElement.scrollWidth, wide: wide.map((e) => e.tagName + ' ' + (e.textContent ?? '').slice(0, 40)) };
    }, PRINTABLE_WIDTH_PX);
    expect(overflow.wide, 'elements past the printable width').toEqual([]);
    expect(overflow.scrollWidth).toBeLessThanOrEqual(Math.ceil(PRINTABLE_WIDTH_PX));
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    expect(pageCount(pdf), 'printed pages').toBe(pages);
    return page.evaluate(() => document.body.innerText);
  }

  it('form 01, the receipt: one A4 page, the appointment in words, and a QR code that scans to the tracking address', async () => {
    at('2026-03-02T08:00:00+07:00');
    const documents = [
      { name: 'Tờ khai đăng ký khai sinh theo mẫu', form: 'original', count: 1 },
      { name: 'Giấy chứng sinh do cơ sở y tế nơi trẻ sinh ra cấp', form: 'original', count: 1 },
      { name: 'Văn bản ủy quyền có chứng thực của Ủy ban nhân dân cấp xã', form: 'certified_copy', count: 1 },
      { name: 'Giấy tờ tùy thân của người đi đăng ký', form: 'copy', count: 2 },
    ];
    const res = await ctx.t.http().post('/api/v1/dossiers').set(ctx.auth('tn')).send(receptionBody('1.004873', { documents }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const d = res.body;

    const { page, problems } = await open('tn', `/api/v1/dossiers/${d.id}/forms/01`);
    expect(await page.title()).toBe(`Mẫu 01 — ${d.code}`);
    expect(await page.getAttribute('html', 'lang')).toBe('vi');

    // Scanned on screen, as a citizen's phone would from the printed slip.
    const shot = PNG.sync.read(await page.locator('.qr svg').screenshot());
    const qr = jsQR.default(new Uint8ClampedArray(shot.data), shot.width, shot.height);
    expect(qr?.data).toBe(d.receipt.trackingUrl);
    // The address it scans to is the citizen's page: no login, personal data masked.
    const phone = await browser.newPage();
    const tracked = await phone.goto(qr!.data.replace(/^https?:\/\/[^/]+/, base));
    expect(tracked?.status()).toBe(200);
    await phone.getByRole('heading', { name: `Hồ sơ ${d.code}` }).waitFor();
    expect(await phone.locator('main').innerText()).toContain('Nguyễn V** A*');
    await phone.close();

    const text = await printed(page, 1);
    await page.screenshot({ path: 'test-artifacts/form-01.png', fullPage: true });
    expect(text).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    expect(text).toContain('Số lượng hồ sơ: 01 (bộ); vào Sổ theo dõi hồ sơ: ngày 02/03/2026');
    expect(text).toContain('Lộc Bình, ngày 02 tháng 03 năm 2026');
    expect(text).toContain('Thời gian trả kết quả: 08 giờ 00 phút, ngày 05/03/2026');
    expect(text).toContain('Hình thức nộp hồ sơ: Trực tiếp');
    expect(text).toContain('Nơi trả kết quả: Trung tâm Phục vụ hành chính công xã Lộc Bình');
    for (const doc of documents) expect(text).toContain(doc.name);
    // Filed at the counter: both the submitter and the officer sign, under their printed names.
    expect(text).toMatch(/NGƯỜI NỘP HỒ SƠ[\s\S]*Nguyễn Văn An[\s\S]*NGƯỜI TIẾP NHẬN HỒ SƠ[\s\S]*Cán bộ tn/);
    expect(problems).toEqual([]);
  });

  it('a denial after appraisal prints as the agency’s notice with its reasons, not as form 03', async () => {
    at('2026-03-09T08:00:00+07:00');
    let d = (await ctx.t.http().post('/api/v1/dossiers').set(ctx.auth('tn')).send(receptionBody())).body;
    d = await act('tn', d, 'complete_step');
    d = await act('cv', d, 'complete_step');
    at('2026-03-09T15:00:00+07:00');
    d = await act('ld', d, 'approve', { outcome: 'denied', reason: 'Người yêu cầu đang có đăng ký kết hôn chưa chấm dứt' });
    const { page, problems } = await open('tn', `/api/v1/dossiers/${d.id}/forms/denial`);
    const text = await printed(page, 1);
    await page.screenshot({ path: 'test-artifacts/form-denial.png', fullPage: true });
    expect(text).toContain('THÔNG BÁO TỪ CHỐI GIẢI QUYẾT HỒ SƠ');
    expect(text).not.toContain('Mẫu số');
    expect(text).toContain('Lộc Bình, ngày 09 tháng 03 năm 2026');
    expect(text).toContain('Người yêu cầu đang có đăng ký kết hôn chưa chấm dứt');
    expect(text).toMatch(/ĐẠI DIỆN CƠ QUAN, ĐƠN VỊ[\s\S]*Cán bộ ld/);
    expect(problems).toEqual([]);
  });

  it('forms 02, 04, 05 and 06 from a dossier that went through supplement, lateness with apology and a stop', async () => {
    at('2026-03-02T08:00:00+07:00');
    let d = (await ctx.t.http().post('/api/v1/dossiers').set(ctx.auth('tn')).send(receptionBody())).body;
    d = await act('tn', d, 'complete_step', { note: 'Chuyển Văn phòng thẩm định' });
    at('2026-03-02T10:00:00+07:00');
    const items = ['Bản sao giấy chứng nhận kết hôn của cha, mẹ', 'Văn bản thỏa thuận về việc lựa chọn quốc tịch cho con'];
    d = await act('cv', d, 'request_supplement', { items });
    {
      const { page, problems } = await open('cv', `/api/v1/dossiers/${d.id}/forms/02`);
      const text = await printed(page, 1);
      expect(text).toContain('PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ');
      expect(text).toContain('Lộc Bình, ngày 02 tháng 03 năm 2026');
      for (const i of items) expect(text).toContain(i);
      expect(text).toMatch(/NGƯỜI LẬP PHIẾU[\s\S]*Cán bộ cv/);
      expect(problems).toEqual([]);
    }
    at('2026-03-03T08:00:00+07:00');
    d = await act('tn', d, 'receive_supplement');
    at('2026-03-05T16:00:00+07:00');
    d = await act('cv', d, 'issue_apology', { reason: 'Cần xác minh thông tin với Công an xã', newDueAt: '2026-03-12T16:00:00+07:00' });
    {
      const { page, problems } = await open('cv', `/api/v1/dossiers/${d.id}/forms/04`);
      const text = await printed(page, 1);
      expect(text).toContain('VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT');
      expect(text).toContain('Lộc Bình, ngày 05 tháng 03 năm 2026');
      expect(text).toContain('16 giờ 00 phút, ngày 12/03/2026');
      expect(text).toContain('Cần xác minh thông tin với Công an xã');
      expect(text).toMatch(/ĐẠI DIỆN CƠ QUAN, ĐƠN VỊ\s*\(Ký, ghi rõ họ tên và đóng dấu\)[\s\S]*Cán bộ cv/);
      expect(problems).toEqual([]);
    }
    at('2026-03-06T09:00:00+07:00');
    d = await act('cv', d, 'complete_step', { note: 'Đã xác minh; trình lãnh đạo ký' });
    d = await act('ld', d, 'stop', { reason: 'Có đơn đề nghị dừng giải quyết do tranh chấp giữa các bên liên quan' });
    {
      const { page, problems } = await open('tn', `/api/v1/dossiers/${d.id}/forms/05`);
      const text = await printed(page, 1);
      expect(text).toContain('THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ');
      expect(text).toContain('Lộc Bình, ngày 06 tháng 03 năm 2026');
      expect(text).toContain('tranh chấp giữa các bên liên quan');
      expect(text).toMatch(/ĐẠI DIỆN CƠ QUAN, ĐƠN VỊ[\s\S]*Cán bộ ld/);
      expect(problems).toEqual([]);
    }
    {
      // The control slip is the widest: six columns of hand-offs, units' full names and notes.
      const { page, problems } = await open('ld', `/api/v1/dossiers/${d.id}/forms/06`);
      const text = await printed(page, 1);
      expect(text).toContain('Giao: Văn phòng HĐND và UBND xã Lộc Bình');
      expect(text).toContain('Đã xác minh; trình lãnh đạo ký');
      expect(text).toContain('Ngày hẹn trả kết quả (sau khi xin lỗi): 16 giờ 00 phút, ngày 12/03/2026');
      // Each hand-off has room for both signatures.
      expect(await page.locator('.slip .pair').count()).toBe(2);
      expect(problems).toEqual([]);
    }
  });

  it('the reception slips 02 and 03 for filings that got no dossier code', async () => {
    const base0 = { ...receptionBody(), documents: undefined };
    const inc = await ctx.t
      .http()
      .post('/api/v1/reception-slips')
      .set(ctx.auth('tn'))
      .send({ ...base0, outcome: 'incomplete', missing: ['Bản sao Căn cước công dân'] });
    expect(inc.status, JSON.stringify(inc.body)).toBe(201);
    const out = await ctx.t
      .http()
      .post('/api/v1/reception-slips')
      .set(ctx.auth('tn'))
      .send({ ...base0, outcome: 'out_of_scope', reason: 'Thuộc thẩm quyền giải quyết của Sở Tư pháp' });
    expect(out.status, JSON.stringify(out.body)).toBe(201);
    for (const [slip, title, detail] of [
      [inc.body, 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ', 'Bản sao Căn cước công dân'],
      [out.body, 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ', 'Thuộc thẩm quyền giải quyết của Sở Tư pháp'],
    ] as const) {
      const { page, problems } = await open('tn', `/api/v1/reception-slips/${slip.id}?format=html`);
      const text = await printed(page, 1);
      expect(text).toContain(title);
      expect(text).toContain(detail);
      expect(text).toMatch(/NGƯỜI LẬP PHIẾU[\s\S]*Cán bộ tn/);
      expect(problems).toEqual([]);
    }
  });
});
