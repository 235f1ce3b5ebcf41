import { EntityManager } from 'typeorm';
import { DomainError } from '@lt/core';
import { Actor } from './roles';

/**
 * Refuses an actor who is no longer an active administrator. A signed-in user's role is
 * trusted for a few seconds (`USER_STATE_TTL_MS`); what an administrator creates (a user, a
 * station key) would outlive a deactivation made meanwhile, so it is checked in the
 * transaction that creates it. The row stays shared-locked until the commit, so the actor's
 * own deactivation waits for it, or it for that.
 */
export async function assertStillAdmin(tx: EntityManager, actor: Actor): Promise<void> {
  const [row] = await tx.query<unknown[]>(
    `SELECT 1 FROM users WHERE id = $1 AND active AND role = 'ADMIN' FOR SHARE`,
    [actor.userId],
  );
  if (!row) throw new NoLongerAdminError();
}

export class NoLongerAdminError extends DomainError {
  constructor() {
    super(
      'forbidden',
      'no-longer-admin',
      'Your account is no longer an active administrator; sign in again.',
    );
  }
}
