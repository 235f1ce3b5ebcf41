import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Pool, PoolClient, QueryResultRow } from 'pg';
import { ResolvedSimOptions, SIM_OPTIONS } from '../sim-options';

/** One pg pool whose connections see only the sim's schema (search_path), so SQL never names it. */
@Injectable()
export class SimDatabase implements OnApplicationShutdown {
  private readonly logger = new Logger(SimDatabase.name);
  readonly pool: Pool;

  constructor(@Inject(SIM_OPTIONS) options: ResolvedSimOptions) {
    this.pool = new Pool({
      connectionString: options.databaseUrl,
      max: 10,
      connectionTimeoutMillis: 10000,
      options: `-c search_path=${options.schema}`,
    });
    // An idle connection cut by the server (a restart, a dropped database) must not crash
    // the process: the pool replaces it on the next query.
    this.pool.on('error', (error) =>
      this.logger.warn(`idle database connection lost: ${error.message}`),
    );
  }

  async query<T extends QueryResultRow = Record<string, any>>(
    sql: string,
    params: unknown[] = [],
  ): Promise<T[]> {
    const result = await this.pool.query<T>(sql, params);
    return result.rows;
  }

  async one<T extends QueryResultRow = Record<string, any>>(
    sql: string,
    params: unknown[] = [],
  ): Promise<T | undefined> {
    return (await this.query<T>(sql, params))[0];
  }

  async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
