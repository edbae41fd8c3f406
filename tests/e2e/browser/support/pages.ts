/// <reference lib="dom" />
// (page.evaluate callbacks run in the browser)
import type { BrowserContext, Page } from 'playwright-core';
import { TEST_PASSWORD } from '../../../support/global-setup';

/** Log in through the web app's own form (the dashboard proxies /api/v1/auth/login to the intake). */
export async function logIn(page: Page, username: string, landing: RegExp): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(landing);
}

/** The access token the page holds (to ask the API the same question the page asked). */
export async function tokenOf(page: Page): Promise<string> {
  const token = await page.evaluate(() => (JSON.parse(localStorage.getItem('pledge.session') ?? '{}') as { accessToken?: string }).accessToken);
  if (!token) throw new Error('the page holds no session');
  return token;
}

/** Every POST the pages of a context make to a path (counted by the browser, whatever the page does). */
export function countPosts(context: BrowserContext, path: RegExp): { count(): number; urls: string[] } {
  const urls: string[] = [];
  context.on('request', (r) => {
    if (r.method() === 'POST' && path.test(new URL(r.url()).pathname)) urls.push(r.url());
  });
  return { count: () => urls.length, urls };
}

/** Status of one heatmap cell as the page shows it. */
export function heatmapCell(page: Page, cellId: string, criterion: string) {
  return page.locator(`table[data-testid=heatmap] tr[data-cell="${cellId}"] td[data-criterion="${criterion}"]`);
}
