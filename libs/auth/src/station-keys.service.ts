import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotFoundError, Page, PageQuery, pageOf, ShortLivedCache } from '@lt/core';
import { AuditService } from './audit.service';
import {
  CreatedStationKeyDto,
  CreateStationKeyDto,
  StationKeyDto,
  toStationKeyDto,
} from './dto/station-key.dto';
import { Actor } from './roles';
import { assertStillAdmin } from './still-admin';
import { StationKey } from './station-key.entity';

const PREFIX_LENGTH = 12;

/**
 * Station keys are 32 random bytes, so a fast SHA-256 is enough to store them safely
 * (a memory-hard hash is for guessable passwords, and would cost every station request).
 */
function hashKey(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex');
}

/** How long a process trusts a station key it has checked. */
const KEY_CACHE_MS = 5000;

@Injectable()
export class StationKeysService {
  private readonly recent = new ShortLivedCache<StationKey | null>(KEY_CACHE_MS);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, input: CreateStationKeyDto): Promise<CreatedStationKeyDto> {
    const apiKey = `ltk_${randomBytes(32).toString('base64url')}`;
    return this.db.transaction(async (tx) => {
      await assertStillAdmin(tx, actor);
      const repo = tx.getRepository(StationKey);
      const key = await repo.save(
        repo.create({
          name: input.name,
          keyPrefix: apiKey.slice(0, PREFIX_LENGTH),
          keyHash: hashKey(apiKey),
          createdBy: actor.userId,
        }),
      );
      const dto = toStationKeyDto(key);
      await this.audit.record(tx, actor, 'station-key', key.id, 'CREATE', null, {
        name: key.name,
        keyPrefix: key.keyPrefix,
      });
      return { ...dto, apiKey };
    });
  }

  async list(query: PageQuery): Promise<Page<StationKeyDto>> {
    const [keys, total] = await this.db
      .getRepository(StationKey)
      .findAndCount({ order: { createdAt: 'DESC' }, skip: query.offset, take: query.limit });
    return pageOf(keys.map(toStationKeyDto), total, query);
  }

  async revoke(actor: Actor, id: string): Promise<StationKeyDto> {
    const revoked = await this.db.transaction(async (tx) => {
      const repo = tx.getRepository(StationKey);
      const key = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!key) throw new NotFoundError('Station key', id);
      if (!key.revokedAt) {
        key.revokedAt = new Date();
        await repo.save(key);
        await this.audit.record(
          tx,
          actor,
          'station-key',
          id,
          'REVOKE',
          { revokedAt: null },
          { revokedAt: key.revokedAt },
        );
      }
      return toStationKeyDto(key);
    });
    // After the commit, so no lookup in between can keep the key alive.
    this.recent.clear();
    return revoked;
  }

  /**
   * The active key matching `apiKey`, or null. A station posts a result every few hundred
   * milliseconds, so answers are kept for a few seconds: a key revoked here stops working at
   * once, in the other API processes within KEY_CACHE_MS.
   */
  authenticate(apiKey: string): Promise<StationKey | null> {
    const hash = hashKey(apiKey);
    return this.recent.get(hash, () => this.lookUp(apiKey.slice(0, PREFIX_LENGTH), hash));
  }

  private async lookUp(prefix: string, hash: string): Promise<StationKey | null> {
    const rows = await this.db.query<[{ id: string; name: string }[], number]>(
      `UPDATE station_keys SET last_used_at = now()
       WHERE key_prefix = $1 AND key_hash = $2 AND revoked_at IS NULL
         AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
       RETURNING id, name`,
      [prefix, hash],
    );
    if (rows[0].length > 0) return Object.assign(new StationKey(), rows[0][0]);
    // Recently used keys are not written again; look them up read-only.
    const found = await this.db.query<{ id: string; name: string }[]>(
      'SELECT id, name FROM station_keys WHERE key_prefix = $1 AND key_hash = $2 AND revoked_at IS NULL',
      [prefix, hash],
    );
    return found.length > 0 ? Object.assign(new StationKey(), found[0]) : null;
  }
}
