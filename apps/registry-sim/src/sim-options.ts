export interface Faults {
  latencyMs: number;
  processingDelayMs: number;
  errorRate: number;
  storeThenErrorRate: number;
  hangRate: number;
  rateLimitPerSecond: number;
  down: boolean;
}

export const DEFAULT_FAULTS: Faults = {
  latencyMs: 0,
  processingDelayMs: 0,
  errorRate: 0,
  storeThenErrorRate: 0,
  hangRate: 0,
  rateLimitPerSecond: 0,
  down: false,
};

export interface RegistrySimOptions {
  databaseUrl: string;
  port?: number;
  apiKey: string;
  faults?: Partial<Faults>;
  schema?: string;
}

export const SIM_OPTIONS = Symbol('SIM_OPTIONS');

export interface ResolvedSimOptions {
  databaseUrl: string;
  apiKey: string;
  schema: string;
  faults: Faults;
}

export class FaultsFormatError extends Error {}

const NUMERIC_KEYS = [
  'latencyMs',
  'processingDelayMs',
  'errorRate',
  'storeThenErrorRate',
  'hangRate',
  'rateLimitPerSecond',
] as const;
const RATE_KEYS = new Set(['errorRate', 'storeThenErrorRate', 'hangRate']);

/** Checks a partial fault set (admin body or REGISTRY_SIM_FAULTS); unknown keys are refused so typos do not pass silently. */
export function parseFaults(input: unknown): Partial<Faults> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new FaultsFormatError('faults must be a JSON object');
  }
  const out: Partial<Faults> = {};
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    if (key === 'down') {
      if (typeof value !== 'boolean') throw new FaultsFormatError('down must be a boolean');
      out.down = value;
    } else if ((NUMERIC_KEYS as readonly string[]).includes(key)) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        throw new FaultsFormatError(`${key} must be a number >= 0`);
      }
      if (RATE_KEYS.has(key) && value > 1)
        throw new FaultsFormatError(`${key} must be between 0 and 1`);
      out[key as (typeof NUMERIC_KEYS)[number]] = value;
    } else {
      throw new FaultsFormatError(`unknown fault ${key}`);
    }
  }
  return out;
}

export function assertSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
    throw new Error(`invalid schema name ${JSON.stringify(schema)}`);
  return schema;
}
