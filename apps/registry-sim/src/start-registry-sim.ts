import { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { ensureDatabase } from '@lt/database';
import { migrateSimSchema } from './db/sim-schema';
import { FaultState } from './faults/fault-state';
import { DrsExceptionFilter } from './http/drs-exception.filter';
import { RegistrySimModule } from './registry-sim.module';
import { assertSchemaName, DEFAULT_FAULTS, Faults, parseFaults } from './sim-options';

export interface StartRegistrySimOptions {
  databaseUrl: string;
  /** 0 = a random free port. */
  port?: number;
  apiKey: string;
  faults?: Partial<Faults>;
  /** PostgreSQL schema for the sim's tables inside databaseUrl's database; default `registry_sim`. */
  schema?: string;
  /** Nest log levels; default errors and warnings only. */
  logLevels?: LogLevel[] | false;
}

export interface RunningRegistrySim {
  url: string;
  close(): Promise<void>;
}

/** Starts the national-registry stand-in in this process: database, schema, HTTP server. */
export async function startRegistrySim(opts: StartRegistrySimOptions): Promise<RunningRegistrySim> {
  const schema = assertSchemaName(opts.schema ?? 'registry_sim');
  const faults: Faults = { ...DEFAULT_FAULTS, ...parseFaults(opts.faults ?? {}) };
  await ensureDatabase(opts.databaseUrl);
  await migrateSimSchema(opts.databaseUrl, schema);
  const app = await NestFactory.create<NestExpressApplication>(
    RegistrySimModule.forRoot({
      databaseUrl: opts.databaseUrl,
      apiKey: opts.apiKey,
      schema,
      faults,
    }),
    { logger: opts.logLevels ?? ['error', 'warn'] },
  );
  app.useGlobalFilters(new DrsExceptionFilter());
  app.set('etag', false);
  app.set('x-powered-by', false);
  await app.listen(opts.port ?? 0);
  const server = app.getHttpServer() as Server;
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  // A client that keeps its connection busy (a worker polling every second) would hold a
  // closing server open for good: closing only drops connections idle at that moment. So
  // once closing, every answer closes its connection.
  server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
    if (closing) res.shouldKeepAlive = false;
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      closing ??= (async () => {
        app.get(FaultState).releaseHung();
        server.closeIdleConnections();
        await app.close();
      })();
      return closing;
    },
  };
}
