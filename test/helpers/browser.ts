import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, type TestContext } from 'vitest';
import { WEB_DIR } from '../../src/web-app.js';
import type { StaffApp } from './staff.js';

/**
 * Browser journeys in Debian's Chromium (playwright-core; Playwright's own browser downloads are not reachable
 * here). Without Chromium the files are skipped, except in CI, where a missing browser is a failure.
 */
export const chromiumPath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));
if (!chromiumPath && process.env.CI) throw new Error('CI needs Chromium for the browser tests (apt-get install chromium, or set CHROMIUM_PATH)');
if (chromiumPath && !existsSync(join(WEB_DIR, 'index.html'))) throw new Error(`No web build in ${WEB_DIR}: npm test builds it (vite build web)`);

/** Where a failed journey leaves a screenshot of each page it had open. */
export const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts');

export interface Browsing {
  browser: Browser;
  base: string;
  /** A fresh browser context (its own storage: one person), desktop or phone-sized. */
  person(opts?: { phone?: boolean }): Promise<Page>;
  /** Problems the pages reported: console errors, page errors, failed requests, 5xx answers. */
  problems: string[];
}

/** One Chromium per file on the suite's app, listening on a real port; screenshots when a test fails. */
export function useBrowser(ctx: StaffApp): Browsing {
  const b = { problems: [] as string[] } as Browsing;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    await ctx.t.app.listen(0, '127.0.0.1');
    b.base = (await ctx.t.app.getUrl()).replace('[::1]', '127.0.0.1');
    b.browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
  });
  b.person = async (opts = {}) => {
    const context = await b.browser.newContext(
      opts.phone
        ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'vi-VN' }
        : { viewport: { width: 1366, height: 900 }, locale: 'vi-VN' },
    );
    contexts.push(context);
    const page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && !m.text().includes('status of 4') && b.problems.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => b.problems.push(`page error: ${e.message}`));
    page.on('response', (r) => r.status() >= 500 && b.problems.push(`${r.status()}: ${r.url()}`));
    return page;
  };
  afterEach(async (t: TestContext) => {
    if (t.task.result?.state === 'fail') {
      mkdirSync(ARTIFACTS, { recursive: true });
      const name = t.task.name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 80);
      let i = 0;
      for (const c of contexts) {
        for (const p of c.pages()) await p.screenshot({ path: join(ARTIFACTS, `${name}-${i++}.png`), fullPage: true }).catch(() => undefined);
      }
    }
    for (const c of contexts.splice(0)) await c.close();
    expect(b.problems.splice(0), 'problems the pages reported').toEqual([]);
  });
  afterAll(async () => {
    await b.browser?.close();
  });
  return b;
}

/** Logs in through the login page as one of the suite's staff (password-123). */
export async function logIn(page: Page, base: string, username: string, path = '/dang-nhap'): Promise<void> {
  await page.goto(base + path);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill('password-123');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/dang-nhap'));
}

/** axe-core's WCAG 2 A/AA rules: no serious or critical violation on the page as it is now. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  // Colours are judged at rest: a button fading from disabled to enabled has, for 0.2 s, a contrast it never keeps.
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    ),
    `accessibility of ${what}`,
  ).toEqual([]);
}

/** Keystrokes and clicks a person makes, counted as the test makes them (the reception desk's speed). */
export class Effort {
  keys = 0;
  clicks = 0;
  constructor(private readonly page: Page) {}
  async type(text: string): Promise<void> {
    await this.page.keyboard.type(text);
    this.keys += [...text].length;
  }
  async press(key: string): Promise<void> {
    await this.page.keyboard.press(key);
    this.keys += 1;
  }
  async click(locator: { click: () => Promise<void> }): Promise<void> {
    await locator.click();
    this.clicks += 1;
  }
}
