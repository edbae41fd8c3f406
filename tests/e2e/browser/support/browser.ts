import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';

/** Debian's Chromium (installed by scripts/ensure-chromium.sh); CHROMIUM_PATH overrides. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The flags these machines need (shared/reference/browser-tests.md): no sandbox as root, no background traffic. */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface LaunchedBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Headless Chromium. Playwright gives every launch a fresh, empty profile directory of its own (and removes it
 * on close); it refuses a --user-data-dir argument, which is the same thing done by hand.
 */
export async function launchBrowser(): Promise<LaunchedBrowser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: FLAGS, timeout: 60_000 });
  return { browser, close: () => browser.close().catch(() => undefined) };
}

const VIETNAM: BrowserContextOptions = { locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' };

/** A phone (about an iPhone 12 / mid-range Android): 390×844 CSS pixels, touch, mobile layout. */
export const PHONE: BrowserContextOptions = {
  ...VIETNAM,
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};

/** A district office's desktop screen. */
export const DESKTOP: BrowserContextOptions = { ...VIETNAM, viewport: { width: 1366, height: 900 } };

export async function newContext(browser: Browser, baseURL: string, options: BrowserContextOptions): Promise<BrowserContext> {
  return browser.newContext({ ...options, baseURL, acceptDownloads: true, serviceWorkers: 'allow' });
}
