/// <reference lib="dom" />
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { ApiClient, setUpPlant, workOrder } from './support/api-client';
import { ADMIN, ROOT, startSystem } from './support/bench-system';
import { BenchFigure } from './support/figures';
import { percentile, round } from './support/http-load';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/support/chromium';

const SCANS = 200;

/**
 * `npm run bench -- web`: the JavaScript the station screen loads (gzipped, as the API
 * would send it compressed) and scan-to-feedback in headless Chromium against the real
 * API: a scan typed into the Scan field and Enter, until the banner shows the verdict
 * (pass on scan: the result is recorded) or the unit (normal mode: the unit is looked up).
 */
export async function benchWeb(): Promise<BenchFigure[]> {
  // The web app as `npm test` builds it: again only when its sources changed.
  const build = spawnSync(
    process.execPath,
    [path.join(ROOT, 'apps', 'web', 'scripts', 'build.js'), '--if-stale'],
    { cwd: ROOT, stdio: 'inherit' },
  );
  if (build.status !== 0) throw new Error('build of the web app failed');
  const system = await startSystem({
    name: 'web',
    apiProcesses: 1,
    basePort: 3970,
    env: { WEB_DIST: path.join(ROOT, 'apps', 'web', 'dist') },
  });
  // The system stops also when the browser does not start (e.g. Chromium is missing).
  const browser = await chromium
    .launch({
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
    })
    .catch(async (error: unknown) => {
      await system.stop();
      throw error;
    });
  try {
    const baseUrl = system.apiUrls[0];
    const api = await ApiClient.signIn(baseUrl, ADMIN.email, ADMIN.password);
    const plant = await setUpPlant(api, {
      lines: 1,
      imeis: 2 * 2 * SCANS + 100,
      route: ['FUNCTIONAL', 'RF'],
      code: 'WEBB',
    });
    const order = await workOrder(api, plant, 0, 2 * SCANS, 'WO-WEB');
    const batch = await api.call<{ units: { serialNumber: string }[] }>(
      'POST',
      '/api/units/batch',
      { workOrderId: order, count: 2 * SCANS },
      201,
      { 'idempotency-key': randomUUID() },
    );
    const serials = batch.units.map((u) => u.serialNumber);
    await api.call('POST', '/api/users', {
      email: 'bench-supervisor@plant.example',
      name: 'Bench supervisor',
      role: 'SUPERVISOR',
      password: 'bench-password-2',
    });

    const context = await browser.newContext({
      baseURL: baseUrl,
      viewport: { width: 1366, height: 768 },
    });
    const page = await context.newPage();
    const scripts = new Set<string>();
    page.on('response', (response) => {
      if (response.url().endsWith('.js')) scripts.add(new URL(response.url()).pathname);
    });
    await page.goto('/sign-in');
    await page.getByLabel('Email', { exact: true }).fill('bench-supervisor@plant.example');
    await page.getByLabel('Password', { exact: true }).fill('bench-password-2');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/station');
    await page.goto('/station?line=L1&stage=FUNCTIONAL');
    await page.getByLabel('Scan', { exact: true }).waitFor();
    await page.waitForLoadState('networkidle');
    const gzipped = [...scripts].reduce(
      (sum, file) =>
        sum + gzipSync(readFileSync(path.join(ROOT, 'apps', 'web', 'dist', file))).length,
      0,
    );

    // One scan, timed inside the page: from Enter to the banner showing the serial in the wanted tone.
    const timeScan = (serial: string, tone: string) =>
      page.evaluate(
        ({ serial, tone }) =>
          new Promise<number>((resolve, reject) => {
            const input = document.querySelector<HTMLInputElement>('[data-testid=scan]')!;
            const banner = () => document.querySelector<HTMLElement>('[data-testid=banner]')!;
            // React tracks the value through the prototype's setter, not the own property.
            const descriptor = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');
            descriptor?.set?.call(input, serial);
            input.dispatchEvent(new Event('input', { bubbles: true }));
            const done = () =>
              banner().dataset.tone === tone && (banner().textContent ?? '').includes(serial);
            const t0 = performance.now();
            const observer = new MutationObserver(() => {
              if (!done()) return;
              observer.disconnect();
              resolve(performance.now() - t0);
            });
            observer.observe(document.body, {
              subtree: true,
              childList: true,
              attributes: true,
              characterData: true,
            });
            setTimeout(() => {
              observer.disconnect();
              reject(
                new Error(`no ${tone} banner for ${serial} within 5 s: ${banner().textContent}`),
              );
            }, 5000);
            input.dispatchEvent(
              new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true }),
            );
          }),
        { serial, tone },
      );

    const lookups: number[] = [];
    for (const serial of serials.slice(SCANS)) lookups.push(await timeScan(serial, 'info'));
    await page.getByLabel('Pass on scan').check({ force: true });
    const verdicts: number[] = [];
    for (const serial of serials.slice(0, SCANS)) verdicts.push(await timeScan(serial, 'pass'));
    const recorded = await api.call<{ nextStage: string }>(
      'GET',
      `/api/units/${serials[SCANS - 1]}`,
    );
    if (recorded.nextStage !== 'RF') throw new Error('web bench: the last pass was not recorded');

    const sortedVerdicts = [...verdicts].sort((a, b) => a - b);
    const sortedLookups = [...lookups].sort((a, b) => a - b);
    const setup = `headless Chromium, 1 API process, ${SCANS} scans each, station L1/FUNCTIONAL`;
    const p95 = round(percentile(sortedVerdicts, 95), 1);
    return [
      {
        bench: 'web',
        figure: 'station screen JavaScript (gzipped)',
        value: round(gzipped / 1024, 1),
        unit: 'kB',
        target: '≤ 300 kB',
        ok: gzipped / 1024 <= 300,
        setup: `${scripts.size} files`,
      },
      {
        bench: 'web',
        figure: 'scan to verdict p50 (pass on scan)',
        value: round(percentile(sortedVerdicts, 50), 1),
        unit: 'ms',
        setup,
      },
      {
        bench: 'web',
        figure: 'scan to verdict p95 (pass on scan)',
        value: p95,
        unit: 'ms',
        target: '< 150 ms',
        ok: p95 < 150,
        setup,
      },
      {
        bench: 'web',
        figure: 'scan to unit shown p50',
        value: round(percentile(sortedLookups, 50), 1),
        unit: 'ms',
        setup,
      },
      {
        bench: 'web',
        figure: 'scan to unit shown p95',
        value: round(percentile(sortedLookups, 95), 1),
        unit: 'ms',
        target: '< 150 ms',
        ok: percentile(sortedLookups, 95) < 150,
        setup,
      },
    ];
  } finally {
    await browser.close();
    await system.stop();
  }
}
