import { LogLevel } from '@nestjs/common';
import { loadAppConfig } from '@lt/config';
import { parseFaults } from './sim-options';
import { startRegistrySim } from './start-registry-sim';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
// Nest's own start-up chatter is `log`; at info only our one line is printed.
const UP_TO: Record<string, number> = { fatal: 1, error: 2, warn: 3, info: 3, debug: 5, trace: 6 };

async function bootstrap(): Promise<void> {
  const config = loadAppConfig();
  const faults = config.REGISTRY_SIM_FAULTS
    ? parseFaults(JSON.parse(config.REGISTRY_SIM_FAULTS))
    : {};
  const logLevels =
    config.LOG_LEVEL === 'silent' ? false : LEVELS.slice(0, UP_TO[config.LOG_LEVEL] ?? 4);
  const sim = await startRegistrySim({
    databaseUrl: config.DATABASE_URL,
    port: config.REGISTRY_SIM_PORT,
    apiKey: config.REGISTRY_API_KEY,
    faults,
    logLevels,
  });
  if (config.LOG_LEVEL !== 'silent') {
    process.stdout.write(
      `registry-sim listening on ${sim.url} (faults ${JSON.stringify(faults)})\n`,
    );
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void sim.close().then(() => process.exit(0)));
  }
}

bootstrap().catch((error: Error) => {
  console.error(`registry-sim failed to start: ${error.message}`);
  process.exit(1);
});
