import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import type { UserRole } from '@lt/auth';
import { imeiOf } from '../../libs/production/src/units/luhn';
import type { AuthedAgent } from '../support/api-harness';
import { createPackingFixture, PackingFixture } from '../support/packing-factory';
import { screenshot, seriousA11yViolations, signIn, startWeb, WebHarness } from './web-harness';

/** Sign-in and homes, 403, dashboard, lot builder, unit page and administration in Chromium. */
describe('web: the app beyond the station', () => {
  let web: WebHarness;
  let fx: PackingFixture;

  beforeAll(async () => {
    web = await startWeb();
    fx = await createPackingFixture(web.api, { route: ['FUNCTIONAL'] });
    for (const role of ['SUPERVISOR', 'MANAGER', 'LOGISTICS'] as UserRole[])
      await web.api.tokenFor(role);
  });
  afterAll(async () => web?.close());

  const expectNoSeriousA11y = async (page: Page) =>
    expect(await seriousA11yViolations(page)).toEqual([]);

  /** An OPEN lot to AE for two of the fixture's units, registration not required. */
  const twoUnitLot = async (logistics: AuthedAgent) =>
    (
      await logistics
        .post('/api/export-lots')
        .send({
          plantId: fx.plantId,
          destinationCountry: 'AE',
          consignee: 'Gulf Mobile LLC',
          plannedQuantity: 2,
          deviceModelIds: [fx.deviceModelId],
          requiresRegistration: false,
        })
        .expect(201)
    ).body as { id: string; number: string };

  it.each([
    ['SUPERVISOR', '/station'],
    ['MANAGER', '/dashboard'],
    ['ADMIN', '/dashboard'],
    ['LOGISTICS', '/lots'],
  ] as [UserRole, string][])('signs %s in and lands on %s', async (role, home) => {
    const { page } = await web.context(role);
    await page.waitForURL((url) => url.pathname === home);
    const nav = page.getByRole('navigation', { name: 'Main menu' });
    await nav.getByText('Dashboard').or(nav.getByText('Lots')).first().waitFor();
    expect(await nav.getByText('Administration').count()).toBe(
      role === 'ADMIN' || role === 'MANAGER' ? 1 : 0,
    );
  });

  it('shows the sign-in form, refuses a wrong password in plain words, and returns to the asked URL', async () => {
    const { page } = await web.context();
    await page.goto('/admin/defect-codes');
    await page.waitForURL(/\/sign-in\?next=/);
    await screenshot(page, 'sign-in');
    await expectNoSeriousA11y(page);
    await page.getByLabel('Email', { exact: true }).fill('manager@test.local');
    await page.getByLabel('Password', { exact: true }).fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('The email or password is wrong').waitFor();
    await signIn(page, 'MANAGER');
    await page.waitForURL((url) => url.pathname === '/admin/defect-codes');
  });

  it('shows a 403 screen to a role that may not enter', async () => {
    const { page } = await web.context('LOGISTICS');
    await page.goto('/station?line=L1&stage=FUNCTIONAL');
    await page.getByRole('heading', { name: 'Not for your role' }).waitFor();
    await screenshot(page, 'forbidden');
  });

  it('dashboard: passed against capacity equals the daily-output report', async () => {
    const units = await fx.recordedUnits(4);
    const supervisor = await web.api.as('SUPERVISOR');
    for (const unit of units.slice(0, 3)) {
      await supervisor
        .post(`/api/units/${unit.serialNumber}/qc-results`)
        .set('Idempotency-Key', randomUUID())
        .send({ stage: 'FUNCTIONAL', result: 'PASS' })
        .expect(201);
    }
    const manager = await web.api.as('MANAGER');
    const report = (
      await manager.get(`/api/reports/daily-output?plantId=${fx.plantId}`).expect(200)
    ).body as { lines: { lineId: string; passed: number; dailyCapacity: number }[] };
    const line = report.lines.find((l) => l.lineId === fx.lineId)!;
    expect(line.passed).toBeGreaterThanOrEqual(3);

    const { page } = await web.context('MANAGER');
    await page.goto(`/dashboard?plant=${fx.plantCode}`);
    const figure = page.getByTestId(`passed-${fx.lineId}`);
    await figure.waitFor();
    const text = (await figure.textContent())!.replace(/,/g, '');
    expect(text).toContain(`${line.passed} / ${line.dailyCapacity}`);
    await page.getByText('Top defects (Pareto)').waitFor();
    await page.waitForTimeout(500);
    await screenshot(page, 'dashboard');
    await expectNoSeriousA11y(page);

    // It follows new results without a reload (polling every 10 s).
    await supervisor
      .post(`/api/units/${units[3].serialNumber}/qc-results`)
      .set('Idempotency-Key', randomUUID())
      .send({ stage: 'FUNCTIONAL', result: 'PASS' })
      .expect(201);
    await page
      .getByTestId(`passed-${fx.lineId}`)
      .getByText(`${line.passed + 1} / `)
      .waitFor({ timeout: 15_000 });

    // In Urdu, right to left.
    await page.goto(`/dashboard?plant=${fx.plantCode}&lang=ur`);
    await page.getByText('سب سے زیادہ نقائص (پیریٹو)').waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await page.waitForTimeout(500);
    await screenshot(page, 'dashboard-urdu');
    await expectNoSeriousA11y(page);
  });

  it('lot builder: packs a carton with a refusal, opens its label, inspects, seals, and the manifest lists the packed units', async () => {
    const passed = await fx.passedUnits(2);
    const [notPassed] = await fx.recordedUnits(1);
    const logistics = await web.api.as('LOGISTICS');
    const lot = await twoUnitLot(logistics);

    const { page } = await web.context('LOGISTICS');
    await page.goto('/lots');
    await page.getByRole('link', { name: lot.number }).click();
    await page.waitForURL(`**/lots/${lot.id}`);
    await page.getByLabel('Units per carton').fill('2');
    await page.getByRole('button', { name: 'Open a carton' }).click();
    const scan = page.getByLabel('Scan', { exact: true });
    await page.getByTestId('carton-count').waitFor();

    await scan.fill(notPassed.serialNumber);
    await scan.press('Enter');
    await page.locator('[data-testid=lot-banner][data-tone=error]').waitFor();
    expect(await page.getByTestId('lot-banner').textContent()).toContain(notPassed.serialNumber);

    await scan.fill(passed[0].imeis[0]);
    await scan.press('Enter');
    await page.getByTestId('carton-count').getByText('1 / 2').waitFor();
    await screenshot(page, 'lot-builder');
    await expectNoSeriousA11y(page);
    await scan.fill(passed[1].serialNumber);
    await scan.press('Enter');
    await page.getByText('Carton full').waitFor();
    await page.locator('iframe#label-frame').waitFor();

    // Outgoing inspection to its verdict, then seal.
    await page.getByRole('button', { name: 'Draw the sample' }).click();
    await page.getByTestId('inspection').waitFor();
    const draw = (await logistics.get(`/api/export-lots/${lot.id}/inspection`).expect(200))
      .body as { units: string[]; sampleSize: number };
    await page.getByRole('button', { name: 'Inspect sampled units' }).click();
    for (const serial of draw.units) {
      await scan.fill(serial);
      await scan.press('Enter');
      await page.getByRole('button', { name: 'Unit passed' }).click();
      await page
        .locator('[data-testid=lot-banner][data-tone=pass]')
        .getByText(serial)
        .waitFor()
        .catch(async (e: Error) => {
          throw new Error(
            `${e.message}\nbanner: ${await page.getByTestId('lot-banner').textContent()}`,
          );
        });
    }
    await page.getByTestId('inspection').getByText('Accepted').waitFor();
    await page.getByRole('button', { name: 'Seal the lot' }).click();
    await page.getByText('Lot sealed').waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Manifest (CSV)' }).click(),
    ]);
    const csv = readFileSync(await download.path(), 'utf8');
    for (const unit of passed) expect(csv).toContain(unit.serialNumber);
    expect(csv).not.toContain(notPassed.serialNumber);
  });

  it('lot builder: a lot its inspection rejected says what to do and is released for screening', async () => {
    const units = await fx.passedUnits(2);
    const logistics = await web.api.as('LOGISTICS');
    const defect = `WEB-SCRATCH-${randomUUID().slice(0, 6)}`;
    await web.api.app
      .get(DataSource)
      .query('INSERT INTO defect_codes (code, description) VALUES ($1, $2)', [defect, 'Scratch']);
    const lot = await twoUnitLot(logistics);
    const carton = (
      await logistics.post(`/api/export-lots/${lot.id}/cartons`).send({ capacity: 2 }).expect(201)
    ).body as { sscc: string };
    for (const unit of units)
      await logistics
        .post(`/api/cartons/${carton.sscc}/units`)
        .send({ unit: unit.serialNumber })
        .expect(201);
    await logistics.post(`/api/cartons/${carton.sscc}/close`).expect(200);
    const draw = (await logistics.post(`/api/export-lots/${lot.id}/inspection`).expect(201))
      .body as { units: string[] };
    await logistics
      .post(`/api/export-lots/${lot.id}/inspection/results`)
      .send({ unit: draw.units[0], result: 'FAIL', defectCodes: [defect] })
      .expect(201);

    // The packing team sees what to do, and that a manager releases the lot.
    const packer = (await web.context('LOGISTICS')).page;
    await packer.goto(`/lots/${lot.id}`);
    await packer.getByTestId('lot-on-hold').getByText('A manager releases it').waitFor();
    expect(
      await packer
        .getByTestId('lot-on-hold')
        .getByRole('button', { name: 'Release for screening' })
        .count(),
    ).toBe(0);
    await screenshot(packer, 'lot-on-hold-logistics');
    await packer.close();

    const { page } = await web.context('MANAGER');
    await page.goto(`/lots/${lot.id}`);
    await page.getByTestId('lot-on-hold').waitFor();
    await page.getByTestId('inspection').getByText('Rejected').waitFor();
    await screenshot(page, 'lot-on-hold');
    await expectNoSeriousA11y(page);
    await page
      .getByTestId('lot-on-hold')
      .getByRole('button', { name: 'Release for screening' })
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('What was done').fill('Screened: scratched unit replaced');
    await dialog.getByRole('button', { name: 'Release for screening' }).click();
    await page.getByText('Lot open again').waitFor();
    await page.getByTestId('lot-on-hold').waitFor({ state: 'detached' });
    expect((await logistics.get(`/api/export-lots/${lot.id}`).expect(200)).body.status).toBe(
      'OPEN',
    );

    // The failed unit is listed with its carton, and unpacked from there.
    const failed = page.getByTestId('failed-units');
    await failed.getByText(draw.units[0]).waitFor();
    await failed.getByText(`in carton ${carton.sscc}`).waitFor();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await screenshot(page, 'lot-screening');
    await failed.getByRole('button', { name: 'Unpack' }).click();
    const unpack = page.getByRole('dialog');
    expect(await unpack.getByLabel('Carton (SSCC)').inputValue()).toBe(carton.sscc);
    await unpack.getByLabel('Reason').fill('Scratched glass');
    await unpack.getByRole('button', { name: 'Unpack' }).click();
    await page.getByText(`${draw.units[0]} taken out and on hold`).waitFor();
    await failed.waitFor({ state: 'detached' });
    // The carton opened again and is the one to pack the replacement into.
    await page.getByTestId('carton-count').getByText('1 / 2').waitFor();

    // Emptied, it is discarded; another open carton of the lot is taken in hand by its scan.
    const kept = units.find((u) => u.serialNumber !== draw.units[0])!.serialNumber;
    // The first unpack's dialog may still be closing, with its own Unpack button.
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Unpack a unit' }).click();
    const second = page.getByRole('dialog');
    await second.getByLabel('Serial or IMEI to unpack').fill(kept);
    await second.getByLabel('Reason').fill('Box crushed');
    await second.getByRole('button', { name: 'Unpack' }).click();
    await page.getByText(`${kept} taken out of the carton`).waitFor();
    await page.getByTestId('carton-count').getByText('0 / 2').waitFor();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await screenshot(page, 'lot-empty-carton');
    await page.getByRole('button', { name: 'Discard empty carton' }).click();
    await page.getByText(`Carton ${carton.sscc} discarded`).waitFor();
    await logistics.get(`/api/cartons/${carton.sscc}`).expect(404);
    const spare = (
      await logistics.post(`/api/export-lots/${lot.id}/cartons`).send({ capacity: 2 }).expect(201)
    ).body as { sscc: string };
    await page.getByRole('textbox', { name: 'Scan' }).fill(spare.sscc);
    await page.getByRole('textbox', { name: 'Scan' }).press('Enter');
    await page.getByText(`Carton ${spare.sscc} is in hand`).waitFor();
    await page.getByTestId('carton-count').getByText('0 / 2').waitFor();
    // With a pallet open, an open carton's scan takes it in hand too (it cannot go on the pallet).
    const other = (
      await logistics.post(`/api/export-lots/${lot.id}/cartons`).send({ capacity: 3 }).expect(201)
    ).body as { sscc: string };
    await page.getByRole('button', { name: 'Open a pallet' }).click();
    await page.getByText(/^Pallet \d{18} opened/).waitFor();
    await page.getByRole('textbox', { name: 'Scan' }).fill(other.sscc);
    await page.getByRole('textbox', { name: 'Scan' }).press('Enter');
    await page.getByText(`Carton ${other.sscc} is in hand`).waitFor();
    await page.getByTestId('carton-count').getByText('0 / 3').waitFor();
  });

  it('unit page: status, IMEIs, route and history', async () => {
    const [unit] = await fx.recordedUnits(1);
    const defect = `WEB_DEAD_PIXEL_${randomUUID().slice(0, 4).toUpperCase()}`;
    await web.api.app
      .get(DataSource)
      .query('INSERT INTO defect_codes (code, description) VALUES ($1, $2)', [
        defect,
        'Dead pixel',
      ]);
    const supervisor = await web.api.as('SUPERVISOR');
    await supervisor
      .post(`/api/units/${unit.serialNumber}/qc-results`)
      .set('Idempotency-Key', randomUUID())
      .send({ stage: 'FUNCTIONAL', result: 'FAIL', defectCodes: [defect], station: 'L1-FN-02' })
      .expect(201);
    await supervisor
      .post(`/api/units/${unit.serialNumber}/rework`)
      .send({ note: 'panel replaced' })
      .expect(201);
    const { page } = await web.context('SUPERVISOR');
    await page.goto('/station?line=L1&stage=FUNCTIONAL');
    await page.getByLabel('Find unit').fill(unit.imeis[1]);
    await page.getByLabel('Find unit').press('Enter');
    await page.waitForURL(`**/units/${unit.imeis[1]}`);
    await page.getByRole('heading', { name: unit.serialNumber }).waitFor();
    await page.getByText(unit.imeis[0]).waitFor();
    // The history in words: no ids, the test time as a time.
    await page.getByText(`attempt 1 · defects: ${defect} · station L1-FN-02 · tested `).waitFor();
    await page.getByText('note: panel replaced').waitFor();
    await page.getByText(/^Work order WO-/).waitFor();
    expect(await page.getByText(/resultId/).count()).toBe(0);
    await screenshot(page, 'unit');
    await expectNoSeriousA11y(page);
  });

  it('units list: what is on hold, by line, a page at a time, each a link to its unit', async () => {
    const [held] = await fx.recordedUnits(1);
    const supervisor = await web.api.as('SUPERVISOR');
    await supervisor
      .post(`/api/units/${held.serialNumber}/hold`)
      .send({ reason: 'Camera lens smudge' })
      .expect(201);
    const { page } = await web.context('SUPERVISOR');
    await page.getByRole('navigation', { name: 'Main menu' }).getByText('Units').click();
    await page.waitForURL((url) => url.pathname === '/units');
    const row = page.getByTestId('units').getByRole('row').filter({ hasText: held.serialNumber });
    await row.getByText('On hold', { exact: true }).waitFor();
    await row.getByText('Camera lens smudge').waitFor(); // why, from its last event
    expect(await page.getByTestId('units-shown').textContent()).toMatch(/^1–\d+ of \d+$/);
    await screenshot(page, 'units-on-hold');
    await expectNoSeriousA11y(page);

    // The filters are in the address: failed units, then the held ones of the fixture's line.
    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Failed' }).click();
    await page.waitForURL((url) => url.searchParams.get('status') === 'FAILED');
    await page.getByText('No units match.').waitFor();
    // Past the end (an old bookmark): no dead end, a way back to the first page.
    await page.goto('/units?status=ON_HOLD&offset=5000');
    await page.getByRole('button', { name: 'First page' }).click();
    await row.getByText('Camera lens smudge').waitFor();
    await page.goto(`/units?line=${fx.lineId}&status=ON_HOLD`);
    const { workOrderId } = (await supervisor.get(`/api/units/${held.serialNumber}`).expect(200))
      .body as { workOrderId: string };
    const admin = await web.api.as('ADMIN');
    const order = (await admin.get(`/api/work-orders/${workOrderId}`).expect(200)).body as {
      number: string;
    };
    await page.getByRole('combobox', { name: 'Work order' }).click();
    await page.getByRole('option', { name: order.number, exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('order') === workOrderId);
    await row.getByRole('link', { name: held.serialNumber }).click();
    await page.waitForURL(`**/units/${held.serialNumber}`);
    await page.getByRole('heading', { name: held.serialNumber }).waitFor();
  });

  it('administration: creates a device model with its route and TAC, and uploads an IMEI list', async () => {
    const { page } = await web.context('ADMIN');
    await page.goto('/admin/device-models');
    const tag = randomUUID().slice(0, 6).toUpperCase();
    const tac = String(49_000_000 + Math.floor(Math.random() * 999_999));
    await page.getByLabel('Brand').fill('Acme');
    await page.getByLabel('Name', { exact: true }).fill(`Web ${tag}`);
    await page.getByLabel('Model number').fill(`W-${tag}`);
    await page.getByLabel('PTA type approval number').fill(`PTA-${tag}`);
    await page.getByLabel('TACs').fill(tac);
    await page.getByLabel('Add a stage').fill('CAMERA');
    await page.getByLabel('Add a stage').press('Enter');
    await page.getByRole('button', { name: 'Move CAMERA up' }).click();
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByTestId('imei-pools').waitFor();
    const imeis = Array.from({ length: 6 }, (_, i) => imeiOf(tac, 100 + i));
    await page
      .getByTestId('imei-pools')
      .locator('input[type=file]')
      .setInputFiles({
        name: 'imeis.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(`imei\n${imeis.join('\n')}\n`),
      });
    await page.getByRole('button', { name: 'Upload' }).click();
    await page
      .getByText('IMEI list uploaded.')
      .waitFor()
      .catch(async (e: Error) => {
        throw new Error(
          `${e.message}\npools: ${await page.getByTestId('imei-pools').textContent()}`,
        );
      });
    await page.getByTestId('pool-remaining').getByText('6 IMEIs left of 6').waitFor();
    await screenshot(page, 'admin-device-models');
    await expectNoSeriousA11y(page);
    const admin = await web.api.as('ADMIN');
    const models = (await admin.get(`/api/device-models?tac=${tac}`).expect(200)).body as {
      items: { route: string[] }[];
    };
    expect(models.items[0].route).toEqual(['FUNCTIONAL', 'RF', 'CAMERA', 'FINAL_QC']);

    // Administration in Urdu too.
    await page.goto('/admin/device-models?lang=ur');
    await page.getByText('نیا ڈیوائس ماڈل').waitFor();
    await screenshot(page, 'admin-device-models-urdu');
    await expectNoSeriousA11y(page);
  });

  it('administration: edits a work order in a dialog; a refusal stays in it, a save closes it', async () => {
    const admin = await web.api.as('ADMIN');
    const workOrderId = await fx.workOrderId(10);
    await admin
      .post('/api/units/batch')
      .set('Idempotency-Key', `k-${randomUUID()}`)
      .send({ workOrderId, count: 2 })
      .expect(201);
    const { number } = (await admin.get(`/api/work-orders/${workOrderId}`).expect(200)).body as {
      number: string;
    };

    const { page } = await web.context('ADMIN');
    await page.goto('/admin/work-orders');
    await page.getByRole('button', { name: `Edit ${number}` }).click();
    const dialog = page.getByRole('dialog', { name: `Edit ${number}` });
    await dialog.getByLabel('Quantity').fill('1');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog
      .getByRole('alert')
      .getByText(`Work order ${number} already has 2 units; its quantity cannot go below that.`)
      .waitFor();
    await screenshot(page, 'admin-edit-refused');
    await expectNoSeriousA11y(page);

    await dialog.getByLabel('Quantity').fill('20');
    await dialog.getByLabel('Status').click();
    await page.getByRole('option', { name: 'Closed' }).click();
    const patch = page.waitForRequest((r) => r.method() === 'PATCH');
    await dialog.getByRole('button', { name: 'Save' }).click();
    // Only what changed goes: nothing to undo someone else's edit of another field.
    expect((await patch).postDataJSON()).toEqual({ quantity: 20, status: 'CLOSED' });
    await dialog.waitFor({ state: 'detached' });
    const row = page.getByTestId('work-orders').getByRole('row').filter({ hasText: number });
    await row.getByText('2 / 20 (10%)').waitFor();
    await row.getByText('Closed').waitFor();
    const log = (
      await admin.get(`/api/audit-log?entity=work-order&entityId=${workOrderId}`).expect(200)
    ).body as { items: { action: string; actor: string; after: object }[] };
    expect(log.items.filter((a) => a.action === 'UPDATE')).toEqual([
      expect.objectContaining({ after: { quantity: 20, status: 'CLOSED' } }),
    ]);

    // Your own role and active flag are another administrator's to change.
    await page.goto('/admin/users');
    await page.getByRole('button', { name: 'Edit Administrator' }).click();
    const own = page.getByRole('dialog', { name: 'Edit Administrator' });
    await own
      .getByText('Your own role and access are changed by another administrator.')
      .first()
      .waitFor();
    expect(await own.getByLabel('Role').isDisabled()).toBe(true);
    expect(await own.getByLabel('Active').isDisabled()).toBe(true);

    // The dialog in Urdu, right to left.
    await page.goto('/admin/work-orders?lang=ur');
    await page.getByRole('button', { name: `${number} میں تبدیلی کریں` }).click();
    await page.getByRole('dialog', { name: `${number} میں تبدیلی کریں` }).waitFor();
    await screenshot(page, 'admin-edit-urdu');
    await expectNoSeriousA11y(page);
  });

  it('fits the station on a 10-inch tablet without horizontal scrolling, and no page broke the CSP', async () => {
    const { page } = await web.context('SUPERVISOR', { viewport: { width: 800, height: 1280 } });
    await page.goto('/station?line=L1&stage=FUNCTIONAL');
    await page.getByLabel('Scan', { exact: true }).waitFor();
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    ).toBe(true);
    await screenshot(page, 'station-tablet');
    expect(web.cspViolations).toEqual([]);
  });
});
