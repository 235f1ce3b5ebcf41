import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { createQcFixture, QcFixture } from '../support/factories';
import {
  expectFocused,
  screenshot,
  seriousA11yViolations,
  startWeb,
  WebHarness,
} from './web-harness';

/** The QC station in Chromium: pass, fail with a defect code, not due, rework, offline queue, Urdu. */
describe('web: QC station', () => {
  let web: WebHarness;
  let fixture: QcFixture;
  const tag = randomBytes(2).toString('hex').toUpperCase();
  const CODE = `NOSIG${tag}`;

  beforeAll(async () => {
    web = await startWeb();
    fixture = await createQcFixture(web.api, {
      defectCodes: [
        { code: CODE, stage: 'FUNCTIONAL', description: 'No signal' },
        { code: `SCR${tag}`, stage: 'FUNCTIONAL', description: 'Screen flicker' },
      ],
    });
  });
  afterAll(async () => web?.close());

  const stationUrl = '/station?line=L1&stage=FUNCTIONAL';
  const scan = async (page: Page, ref: string) => {
    const field = page.getByLabel('Scan', { exact: true });
    await field.fill(ref);
    await field.press('Enter');
  };
  const banner = (page: Page) => page.getByTestId('banner');

  it('records a pass, a fail with a defect code, says where a unit is due, and sends one to rework', async () => {
    const [unitA, unitB, unitC] = await fixture.createUnits(3);
    const { page } = await web.context('SUPERVISOR');
    expect(new URL(page.url()).pathname).toBe('/station');
    await page.goto(stationUrl);
    await expectFocused(page.getByLabel('Scan', { exact: true }));

    // Pass with F1, scanning by IMEI.
    await scan(page, unitA.imeis[1]);
    await page.getByText(unitA.serialNumber).first().waitFor();
    await page.keyboard.press('F1');
    await page.locator('[data-testid=banner][data-tone=pass]').waitFor();
    expect(await banner(page).textContent()).toContain(unitA.serialNumber);
    await expectFocused(page.getByLabel('Scan', { exact: true }));
    await screenshot(page, 'station-pass');

    // The same unit again at FUNCTIONAL: not due, and where it is due.
    await scan(page, unitA.serialNumber);
    await banner(page).getByText('Not due here').waitFor();
    expect(await banner(page).textContent()).toContain('due at RF');
    await screenshot(page, 'station-not-due');

    // Fail with a defect code scanned from the sheet.
    await scan(page, unitB.serialNumber);
    await page.getByText(unitB.serialNumber).first().waitFor();
    await page.getByRole('button', { name: 'Fail' }).click();
    const code = page.getByLabel('Defect code');
    await code.fill(`DC:${CODE}`);
    await code.press('Enter');
    await code.press('Enter');
    await page.locator('[data-testid=banner][data-tone=fail]').waitFor();
    expect(await banner(page).textContent()).toContain(CODE);
    await screenshot(page, 'station-fail');

    // Rework the failed unit.
    await scan(page, unitB.serialNumber);
    await page.getByRole('button', { name: 'Rework' }).click();
    await page.getByLabel('Note').fill('Re-seated the antenna cable');
    await page.getByRole('dialog').getByRole('button', { name: 'Rework' }).click();
    await banner(page).getByText('Sent to rework').waitFor();
    // The unit is read again (Rework is no longer offered); the banner still says what was done.
    await page.locator('button[disabled]', { hasText: 'Rework' }).waitFor();
    expect(await banner(page).textContent()).toContain('Sent to rework');

    const admin = await web.api.as('ADMIN');
    const a = await admin.get(`/api/units/${unitA.serialNumber}`).expect(200);
    expect(a.body.nextStage).toBe('RF');
    const b = await admin.get(`/api/units/${unitB.serialNumber}`).expect(200);
    expect(b.body.status).toBe('IN_REWORK');

    // Pass on the Pass button; the counters and the last scans follow.
    await scan(page, unitC.serialNumber);
    await page.getByText(unitC.serialNumber).first().waitFor();
    await page.getByRole('button', { name: 'Pass' }).click();
    await page.locator('[data-testid=banner][data-tone=pass]').waitFor();
    expect(await page.getByTestId('shift-counters').textContent()).toMatch(
      /2 passed · 1 failed · FPY 66\.7%/,
    );
    expect(await page.getByTestId('last-scans').locator('li').count()).toBe(3);

    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('keeps results while offline and sends each exactly once when back online', async () => {
    const units = await fixture.createUnits(5);
    const { context, page } = await web.context('SUPERVISOR');
    await page.goto(stationUrl);
    await page.getByLabel('Scan', { exact: true }).waitFor();
    await context.setOffline(true);
    for (const unit of units) {
      await scan(page, unit.serialNumber);
      await banner(page).getByText(unit.serialNumber).waitFor();
      await page.keyboard.press('F1');
      await page
        .locator('[data-testid=banner][data-tone=queued]')
        .getByText('saved on this PC')
        .waitFor();
    }
    await page.getByTestId('connection').getByText('5 waiting to send').waitFor();
    await screenshot(page, 'station-offline');
    await context.setOffline(false);
    await page
      .getByTestId('connection')
      .getByText('Online', { exact: true })
      .waitFor({ timeout: 30_000 });
    const admin = await web.api.as('ADMIN');
    for (const unit of units) {
      const detail = await admin.get(`/api/units/${unit.serialNumber}`).expect(200);
      expect(detail.body.nextStage).toBe('RF');
      const results = (detail.body.history as { type: string; stage?: string }[]).filter(
        (e) => e.stage === 'FUNCTIONAL' && e.type.startsWith('QC_'),
      );
      expect(results).toHaveLength(1);
    }
    expect(await page.getByTestId('last-scans').locator('li[data-state="recorded"]').count()).toBe(
      5,
    );
  });

  it('lays the station out right to left in Urdu (?lang=ur)', async () => {
    const { page } = await web.context('SUPERVISOR');
    await page.goto(`${stationUrl}&lang=ur`);
    await page.getByLabel('اسکین', { exact: true }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ur');
    await screenshot(page, 'station-urdu');
    // Remembered on the device.
    await page.goto(stationUrl);
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
  });
});
