/// <reference lib="dom" />
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { UserRole } from '@lt/auth';
import { ADMIN_EMAIL, ADMIN_PASSWORD, ApiHarness, startApi } from '../support/api-harness';
import { CHROMIUM, CHROMIUM_ARGS } from '../support/chromium';

const ROOT = resolve(__dirname, '..', '..');
/** Outside the tree's committed files: `npm run screenshots` points this at docs/screenshots. */
export const SCREENSHOTS = resolve(ROOT, process.env.SCREENSHOTS_DIR || 'test-results/screenshots');

export interface WebHarness {
  api: ApiHarness;
  baseUrl: string;
  browser: Browser;
  /** Content-Security-Policy violations any page reported (the app must cause none). */
  cspViolations: string[];
  /** A fresh browser context (own storage, 1366 x 768), signed in as the role when given. */
  context(
    role?: UserRole,
    options?: { locale?: string; viewport?: { width: number; height: number } },
  ): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/** The built web app; built here only when missing (npm test builds it when stale). */
function ensureWebBuilt(): void {
  if (existsSync(join(ROOT, 'apps', 'web', 'dist', 'index.html'))) return;
  const result = spawnSync(process.execPath, [join(ROOT, 'apps', 'web', 'scripts', 'build.js')], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('web build failed');
}

export function credentialsOf(role: UserRole): { email: string; password: string } {
  return role === 'ADMIN'
    ? { email: ADMIN_EMAIL, password: ADMIN_PASSWORD }
    : { email: `${role.toLowerCase()}@test.local`, password: 'password-123' };
}

/** Signs in through the form, as a person would. */
export async function signIn(page: Page, role: UserRole): Promise<void> {
  const { email, password } = credentialsOf(role);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The API as npm start builds it (createApiApp), on a port of its own, serving the web app. */
export async function startWeb(env: Record<string, string> = {}): Promise<WebHarness> {
  ensureWebBuilt();
  mkdirSync(SCREENSHOTS, { recursive: true });
  const api = await startApi({ WEB_DIST: join(ROOT, 'apps', 'web', 'dist'), ...env });
  await api.app.listen(0, '127.0.0.1');
  const { port } = api.app.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const contexts: BrowserContext[] = [];
  const cspViolations: string[] = [];
  return {
    api,
    baseUrl,
    browser,
    cspViolations,
    async context(role, options = {}) {
      const context = await browser.newContext({
        baseURL: baseUrl,
        viewport: options.viewport ?? { width: 1366, height: 768 },
        locale: options.locale ?? 'en-GB',
      });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      page.on('pageerror', (error) => console.error(`[browser] ${error.message}`));
      page.on('console', (message) => {
        if (message.text().includes('Content Security Policy'))
          cspViolations.push(`${page.url()}: ${message.text()}`);
      });
      if (role) {
        await api.tokenFor(role); // creates the user
        await page.goto('/sign-in');
        await signIn(page, role);
        await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
      }
      return { context, page };
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
      await api.close();
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

/** Waits (up to 3 s) until the element has the keyboard focus. */
export async function expectFocused(locator: import('playwright-core').Locator): Promise<void> {
  const deadline = Date.now() + 3000;
  for (;;) {
    if (await locator.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`expected ${String(locator)} to have the focus`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** axe-core's serious and critical findings on the page, one line each (empty when clean). */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes.map(
        (n) => `${v.id}: ${n.target.join(' ')} ${n.html.slice(0, 160)} ${n.failureSummary ?? ''}`,
      ),
    );
}
