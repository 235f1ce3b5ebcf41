import { EntityManager } from 'typeorm';
import { Actor } from '@lt/auth';
import { UnitStatus } from './unit-status';

export interface UnitEvent {
  unitId: string;
  type: string;
  fromStatus: UnitStatus | null;
  toStatus: UnitStatus | null;
  stage?: string | null;
  details?: Record<string, unknown> | null;
  at?: Date;
}

/** Appends events to units' histories inside the caller's transaction, in one statement. */
export async function recordUnitEvents(
  tx: EntityManager,
  actor: Actor,
  events: UnitEvent[],
): Promise<void> {
  if (events.length === 0) return;
  await tx.query(
    `INSERT INTO unit_events (unit_id, at, type, from_status, to_status, stage, actor, user_id, station_key_id, details)
     SELECT e.unit_id, coalesce(e.at, now()), e.type, e.from_status, e.to_status, e.stage, $2::text, $3::uuid, $4::uuid, e.details
     FROM jsonb_to_recordset($1::jsonb) AS e(unit_id uuid, at timestamptz, type text, from_status text, to_status text,
                                            stage text, details jsonb)`,
    [
      JSON.stringify(
        events.map((e) => ({
          unit_id: e.unitId,
          at: e.at?.toISOString() ?? null,
          type: e.type,
          from_status: e.fromStatus,
          to_status: e.toStatus,
          stage: e.stage ?? null,
          details: e.details ?? null,
        })),
      ),
      actor.name,
      actor.userId,
      actor.stationKeyId,
    ],
  );
}
