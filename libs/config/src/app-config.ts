import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);

/**
 * Every setting the processes read, validated once at start-up. Nothing else in the
 * code reads process.env: take AppConfig from the container instead.
 */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/linetrack';

  @Matches(/^rediss?:\/\/.+/, { message: 'must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Prefix for every BullMQ key, so several deployments or test suites can share one Redis. */
  @Matches(/^[A-Za-z0-9:_{}-]+$/, { message: 'must be letters, digits, : _ - { }' })
  QUEUE_PREFIX = 'linetrack';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 3000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  REGISTRY_SIM_PORT = 3100;

  @Matches(/^https?:\/\/.+/, { message: 'must be an http(s):// URL' })
  REGISTRY_URL = 'http://127.0.0.1:3100';

  @IsOptional()
  @Matches(/^https?:\/\/.+/, { message: 'must be an http(s):// URL' })
  REGISTRY_CORE_URL?: string;

  @IsString()
  @MinLength(1)
  REGISTRY_API_KEY = 'dev-registry-key';

  @IsString()
  @MinLength(1)
  REGISTRY_USER_ID = 'factory-01';

  @IsString()
  @MinLength(1)
  REGISTRY_USER_NAME = 'Linetrack';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000)
  REGISTRY_BATCH_SIZE = 500;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  REGISTRY_CONCURRENCY = 4;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  REGISTRY_TIMEOUT_MS = 30000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  REGISTRY_MAX_ATTEMPTS = 10;

  /** How often the relay looks for outbox rows to group into submissions. */
  @Transform(toInt)
  @IsInt()
  @Min(50)
  REGISTRY_RELAY_EVERY_MS = 1000;

  /** How often reconciliation looks for stuck submissions and orphan requests. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  REGISTRY_RECONCILE_EVERY_MS = 30000;

  /**
   * The unit list counts at most this many units past the page it answers; beyond that its
   * `total` is a lower bound (`totalExact: false`), so a page of a plant's millions of units
   * does not count them all.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  UNIT_LIST_COUNT_LIMIT = 10000;

  /** How often the report counts' deltas are rolled into the counts. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  REPORT_ROLLUP_EVERY_MS = 10000;

  /** Idempotency keys (and the answers they replay) are kept this many days, then deleted. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  IDEMPOTENCY_KEY_DAYS = 30;

  /** How often the worker deletes idempotency keys older than IDEMPOTENCY_KEY_DAYS. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  IDEMPOTENCY_PRUNE_EVERY_MS = 3600000;

  /** A submission in flight with no progress for this long is re-queued (its job may have vanished). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  REGISTRY_STALE_AFTER_MS = 120000;

  /** Pause between two status polls of a request the registry is processing. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  REGISTRY_POLL_INTERVAL_MS = 1000;

  /** First retry delay; doubles per failure in a row, with jitter, up to REGISTRY_BACKOFF_MAX_MS. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  REGISTRY_BACKOFF_MS = 2000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  REGISTRY_BACKOFF_MAX_MS = 300000;

  /** DRS `m_location` of the plant's requests. */
  @IsIn(['local', 'overseas'])
  REGISTRY_LOCATION: 'local' | 'overseas' = 'local';

  @IsOptional()
  @IsString()
  REGISTRY_SIM_FAULTS?: string;

  @IsOptional()
  @Matches(/^[^@\s]+@[^@\s]+$/, { message: 'must be an email address' })
  ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  @MinLength(8)
  ADMIN_PASSWORD?: string;

  @IsOptional()
  @IsString()
  @MinLength(32)
  JWT_SECRET?: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  JWT_TTL_SECONDS = 12 * 3600;

  /** A pool with fewer IMEIs left than this is reported as running low. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  IMEI_LOW_STOCK_THRESHOLD = 10000;

  /** A unit that fails the same stage more often than this can only be scrapped. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  QC_MAX_FAILS_PER_STAGE = 3;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }

  get registryCoreUrl(): string {
    return this.REGISTRY_CORE_URL ?? this.REGISTRY_URL;
  }
}

export class ConfigError extends Error {}

/** Builds the config from an environment; a bad value throws naming the variable and the rule. */
export function loadAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const optional = [
    'REGISTRY_CORE_URL',
    'REGISTRY_SIM_FAULTS',
    'ADMIN_EMAIL',
    'ADMIN_PASSWORD',
    'JWT_SECRET',
  ];
  const picked: Record<string, string> = {};
  for (const key of [...known, ...optional]) {
    const value = env[key];
    if (value !== undefined && value !== '') picked[key] = value;
  }
  const config = plainToInstance(AppConfig, picked, { exposeDefaultValues: true });
  const errors = validateSync(config, { forbidUnknownValues: false });
  if (errors.length > 0) {
    const lines = errors.map(
      (e) =>
        `${e.property}=${JSON.stringify(e.value)} ${Object.values(e.constraints ?? {}).join('; ')}`,
    );
    throw new ConfigError(`Invalid configuration: ${lines.join(' | ')}`);
  }
  if (config.isProduction && !config.JWT_SECRET) {
    throw new ConfigError('Invalid configuration: JWT_SECRET is required when NODE_ENV=production');
  }
  return config;
}
