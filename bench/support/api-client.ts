/** A small JSON client for setting up benchmark data through the real API. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private token?: string,
  ) {}

  static async signIn(baseUrl: string, email: string, password: string): Promise<ApiClient> {
    const client = new ApiClient(baseUrl);
    const { accessToken } = await client.call<{ accessToken: string }>(
      'POST',
      '/api/auth/login',
      { email, password },
      200,
    );
    client.token = accessToken;
    return client;
  }

  get bearer(): string {
    return `Bearer ${this.token}`;
  }

  async call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    expect = method === 'POST' ? 201 : 200,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(this.token ? { authorization: this.bearer } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status !== expect)
      throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

export interface BenchPlant {
  plantId: string;
  lineIds: string[];
  deviceModelId: string;
  tac: string;
  route: string[];
}

/** A plant with `lines` lines and one dual-SIM model whose TAC range holds `imeis` IMEIs. */
export async function setUpPlant(
  api: ApiClient,
  opts: { lines: number; imeis: number; route?: string[]; code?: string },
): Promise<BenchPlant> {
  const code = opts.code ?? 'BENCH';
  const plant = await api.call<{ id: string }>('POST', '/api/plants', {
    code,
    name: 'Benchmark plant',
    gs1CompanyPrefix: '0614141',
  });
  const lineIds: string[] = [];
  for (let i = 1; i <= opts.lines; i++) {
    const line = await api.call<{ id: string }>('POST', '/api/lines', {
      plantId: plant.id,
      code: `L${i}`,
      name: `Line ${i}`,
      dailyCapacity: 5000,
    });
    lineIds.push(line.id);
  }
  const route = opts.route ?? ['FUNCTIONAL', 'RF', 'CAMERA', 'AUDIO', 'BATTERY', 'FINAL_QC'];
  const tac = '35999001';
  const model = await api.call<{ id: string }>('POST', '/api/device-models', {
    brand: 'Acme',
    name: 'A1',
    modelNumber: 'A1-2026',
    deviceType: 'Smartphone',
    technologies: ['2G', '3G', '4G'],
    imeisPerDevice: 2,
    typeApprovalNumber: 'PTA-BENCH-1',
    route,
    tacs: [tac],
  });
  await api.call('POST', `/api/device-models/${model.id}/imei-pools`, {
    kind: 'range',
    tac,
    first: '000000',
    last: String(opts.imeis - 1).padStart(6, '0'),
  });
  return { plantId: plant.id, lineIds, deviceModelId: model.id, tac, route };
}

export async function workOrder(
  api: ApiClient,
  plant: BenchPlant,
  lineIndex: number,
  quantity: number,
  number: string,
): Promise<string> {
  const wo = await api.call<{ id: string }>('POST', '/api/work-orders', {
    number,
    deviceModelId: plant.deviceModelId,
    lineId: plant.lineIds[lineIndex],
    quantity,
    dueDate: '2030-12-31',
  });
  return wo.id;
}
