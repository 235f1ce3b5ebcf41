import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '@lt/auth';
import { AppConfig } from '@lt/config';
import { oncePerKey, requestHash } from '@lt/core';
import { lockUnit, recordUnitEvents, UnitRow } from '@lt/production';
import {
  decideHold,
  decideRelease,
  decideRework,
  decideScrap,
  DispositionAction,
  DispositionDecision,
  DispositionUnit,
} from './disposition-rules';
import { UnitDispositionDto } from './dto/unit-disposition.dto';

/** Rework, hold, release and scrap: lock the unit, decide, write the status and its event. */
@Injectable()
export class UnitDispositionService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  /**
   * `details` is the validated body (note, reason, repairCode), kept in the event. With an
   * idempotency key a repeat answers the first result and changes nothing.
   */
  async act(
    actor: Actor,
    action: DispositionAction,
    unitRef: string,
    details: object,
    key?: string,
  ): Promise<{ replayed: boolean; value: UnitDispositionDto }> {
    return this.db.transaction(async (tx) => {
      const work = () => this.apply(tx, actor, action, unitRef, { ...details });
      if (!key) return { replayed: false, value: await work() };
      return oncePerKey(
        tx,
        `unit-${action}`,
        key,
        requestHash({ unit: unitRef, ...details }),
        work,
      );
    });
  }

  private async apply(
    tx: EntityManager,
    actor: Actor,
    action: DispositionAction,
    unitRef: string,
    details: Record<string, unknown>,
  ): Promise<UnitDispositionDto> {
    const row = await lockUnit(tx, unitRef);
    const unit = toDispositionUnit(row);
    const decision = await this.decide(tx, action, row, unit);
    const at = new Date();
    await tx.query(
      'UPDATE units SET status = $2, held_from_status = $3, updated_at = $4 WHERE id = $1',
      [row.id, decision.toStatus, decision.heldFromStatus, at.toISOString()],
    );
    const eventDetails = Object.fromEntries(
      Object.entries(details).filter(([, v]) => v !== undefined),
    );
    await recordUnitEvents(tx, actor, [
      {
        unitId: row.id,
        type: decision.eventType,
        fromStatus: decision.fromStatus,
        toStatus: decision.toStatus,
        stage: row.next_stage,
        at,
        details: eventDetails,
      },
    ]);
    return {
      id: row.id,
      serialNumber: row.serial_number,
      status: decision.toStatus,
      heldFromStatus: decision.heldFromStatus,
      nextStage: row.next_stage,
      routePosition: row.route_position,
      registryStatus: row.registry_status,
      event: {
        type: decision.eventType,
        fromStatus: decision.fromStatus,
        toStatus: decision.toStatus,
        stage: row.next_stage,
        at: at.toISOString(),
        actor: actor.name,
        details: eventDetails,
      },
    };
  }

  private async decide(
    tx: EntityManager,
    action: DispositionAction,
    row: UnitRow,
    unit: DispositionUnit,
  ): Promise<DispositionDecision> {
    switch (action) {
      case 'rework': {
        const [{ fails }] = await tx.query<{ fails: number }[]>(
          "SELECT count(*)::int AS fails FROM qc_results WHERE unit_id = $1 AND stage = $2 AND result = 'FAIL'",
          [row.id, row.next_stage],
        );
        return decideRework(unit, fails, this.config.QC_MAX_FAILS_PER_STAGE);
      }
      case 'hold':
        return decideHold(unit);
      case 'release':
        return decideRelease(unit);
      case 'scrap':
        return decideScrap(unit);
    }
  }
}

function toDispositionUnit(row: UnitRow): DispositionUnit {
  return {
    serialNumber: row.serial_number,
    status: row.status,
    heldFromStatus: row.held_from_status,
    nextStage: row.next_stage,
    routePosition: row.route_position,
    passedAt: row.passed_at,
  };
}
