import { ApiClient } from '../../bench/support/api-client';

export const DEMO_PLANT = 'DEMO1';

export interface DemoModel {
  id: string;
  name: string;
  route: string[];
  imeisPerDevice: number;
}

export interface DemoPlant {
  plantId: string;
  lines: { id: string; code: string; dailyCapacity: number }[];
  models: DemoModel[];
  defects: Record<string, string[]>;
  lotId: string;
}

const MODELS = [
  {
    name: 'A1',
    modelNumber: 'A1-2026',
    tac: '35761201',
    imeisPerDevice: 2,
    deviceType: 'Smartphone',
    technologies: ['2G', '3G', '4G'],
    route: ['FUNCTIONAL', 'RF', 'CAMERA', 'AUDIO', 'BATTERY', 'FINAL_QC'],
  },
  {
    name: 'F1',
    modelNumber: 'F1-2026',
    tac: '35761202',
    imeisPerDevice: 1,
    deviceType: 'Feature phone',
    technologies: ['2G', '3G'],
    route: ['FUNCTIONAL', 'RF', 'FINAL_QC'],
  },
];

const DEFECTS: Record<string, string[]> = {
  FUNCTIONAL: ['NO_BOOT', 'TOUCH_DEAD'],
  RF: ['RF_NO_SIGNAL', 'RF_LOW_POWER'],
  CAMERA: ['CAM_BLUR'],
  AUDIO: ['MIC_NOISE'],
  BATTERY: ['BATT_DRAIN'],
  FINAL_QC: ['SCRATCH', 'GAP'],
};

interface Page<T> {
  items: T[];
}

/** Finds the demo plant, or builds it: three lines, two models with TAC ranges, defect codes, a lot to the UAE. */
export async function ensureDemoPlant(
  api: ApiClient,
  registry: { url: string; apiKey: string },
): Promise<DemoPlant> {
  let plant = (await api.call<Page<{ id: string }>>('GET', `/api/plants?code=${DEMO_PLANT}`))
    .items[0];
  const created = !plant;
  if (!plant)
    plant = await api.call('POST', '/api/plants', {
      code: DEMO_PLANT,
      name: 'Lahore demo plant',
      timezone: 'Asia/Karachi',
      gs1CompanyPrefix: '0614141',
    });
  if (created) {
    for (const [code, dailyCapacity] of [
      ['L1', 3000],
      ['L2', 3000],
      ['L3', 4000],
    ] as const) {
      await api.call('POST', '/api/lines', {
        plantId: plant.id,
        code,
        name: `Line ${code.slice(1)}`,
        dailyCapacity,
      });
    }
    for (const [stage, codes] of Object.entries(DEFECTS)) {
      for (const code of codes) {
        const known = await api.call<Page<unknown>>('GET', `/api/defect-codes?code=${code}`);
        if (known.items.length === 0)
          await api.call('POST', '/api/defect-codes', {
            code,
            description: code.replace(/_/g, ' ').toLowerCase(),
            stage,
          });
      }
    }
  }
  const lines = (
    await api.call<Page<{ id: string; code: string; dailyCapacity: number }>>(
      'GET',
      `/api/lines?plantId=${plant.id}&limit=50`,
    )
  ).items;
  const models: DemoModel[] = [];
  for (const m of MODELS) {
    let model = (
      await api.call<Page<DemoModel>>(
        'GET',
        `/api/device-models?brand=Acme&modelNumber=${m.modelNumber}`,
      )
    ).items[0];
    if (!model) {
      model = await api.call<DemoModel>('POST', '/api/device-models', {
        brand: 'Acme',
        name: m.name,
        modelNumber: m.modelNumber,
        deviceType: m.deviceType,
        technologies: m.technologies,
        imeisPerDevice: m.imeisPerDevice,
        typeApprovalNumber: `PTA-DEMO-${m.name}`,
        route: m.route,
        tacs: [m.tac],
        operatingSystem: 'Android 14',
      });
      await api.call('POST', `/api/device-models/${model.id}/imei-pools`, {
        kind: 'range',
        tac: m.tac,
        first: '000000',
        last: '199999',
      });
    }
    models.push(model);
  }
  // The registry stand-in knows only the TACs seeded into it, as the real one knows GSMA's.
  await fetch(`${registry.url}/admin/tacs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${registry.apiKey}` },
    body: JSON.stringify({
      tacs: MODELS.map((m) => ({
        tac: m.tac,
        brand_name: 'Acme',
        model_name: m.name,
        simslot: String(m.imeisPerDevice),
      })),
    }),
  }).catch(() => undefined);
  const lot = await api.call<{ id: string }>('POST', '/api/export-lots', {
    plantId: plant.id,
    destinationCountry: 'AE',
    consignee: 'Gulf Mobile Trading LLC, Dubai',
    plannedQuantity: 5500,
    deviceModelIds: [models[0].id],
  });
  return { plantId: plant.id, lines, models, defects: DEFECTS, lotId: lot.id };
}
