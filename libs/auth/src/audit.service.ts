import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from './roles';

/** The usual actions, or a domain verb such as REVOKE; `string & {}` keeps the literals as hints. */
export type AuditAction = 'CREATE' | 'UPDATE' | 'DELETE' | (string & {});

/** The changed fields only: for an update, the keys whose values differ. */
export function changedFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return { before: b, after: a };
}

/**
 * Writes the audit trail. Always called with the transaction of the write it describes,
 * so the audit row and the change commit or roll back together.
 */
@Injectable()
export class AuditService {
  async record(
    tx: EntityManager,
    actor: Actor,
    entity: string,
    entityId: string,
    action: AuditAction,
    before: object | null,
    after: object | null,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO audit_log (user_id, actor, entity, entity_id, action, before, after)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        actor.userId,
        actor.name,
        entity,
        entityId,
        action,
        before && JSON.stringify(before),
        after && JSON.stringify(after),
      ],
    );
  }

  /** Records an update with only the fields that changed; records nothing when none did. */
  async recordUpdate(
    tx: EntityManager,
    actor: Actor,
    entity: string,
    entityId: string,
    before: object,
    after: object,
  ): Promise<void> {
    const diff = changedFields(before as Record<string, unknown>, after as Record<string, unknown>);
    if (Object.keys(diff.after).length === 0) return;
    await this.record(tx, actor, entity, entityId, 'UPDATE', diff.before, diff.after);
  }
}
