import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '@lt/auth';
import {
  ConflictError,
  DomainError,
  GroupRunner,
  InvalidInputError,
  NotFoundError,
  oncePerKey,
  requestHash,
} from '@lt/core';
import { findKeys, KeysAlreadyStoredError, StoredKey, storeKeys } from './batch-idempotency';
import { BatchQcResultItemDto, QcResultDto, RecordQcResultDto } from './dto/qc-result.dto';
import {
  KeptQcAnswer,
  loadDefectCodeStages,
  loadQcAnswers,
  lockUnitsByRefs,
  qcResultDto,
  QcResultRow,
  storedQcAnswer,
  storedResultId,
  writeQcResults,
} from './qc-result.repository';
import { applyDecision, DefectCodeStages, decideQcResult, UnitQcState } from './qc-rules';

/** One idempotency scope for single and batch results: a key means the same thing in both. */
export const QC_RESULT_SCOPE = 'qc-result';
/** Station clocks drift; a test time further ahead than this is a wrong clock, not a test. */
const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

/** A result to record and who sends it. */
interface QcRequest {
  actor: Actor;
  item: BatchQcResultItemDto;
}

export type BatchItemOutcome =
  | { key: string; ok: true; replayed: boolean; result: QcResultDto }
  | { key: string; ok: false; error: unknown };

/** The request as hashed for idempotency: same fields, same order, whichever endpoint sent it. */
export function qcResultHash(unitRef: string, input: RecordQcResultDto): string {
  return requestHash({
    unit: unitRef,
    stage: input.stage,
    result: input.result,
    defectCodes: input.defectCodes ?? [],
    station: input.station ?? null,
    measurements: input.measurements ?? null,
    testedAt: input.testedAt ?? null,
  });
}

function testedAtOf(input: RecordQcResultDto, now: Date): Date {
  if (input.testedAt === undefined) return now;
  const at = new Date(input.testedAt);
  if (at.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS) {
    throw InvalidInputError.field('testedAt', 'must not be in the future; check the station clock');
  }
  return at;
}

function keyReused(key: string): ConflictError {
  return new ConflictError(
    'idempotency-key-reused',
    'This Idempotency-Key was already used for a different request.',
    { key },
  );
}

/** Records QC results: the route rules of `qc-rules`, written in the caller's one transaction. */
@Injectable()
export class QcResultsService {
  private readonly logger = new Logger(QcResultsService.name);

  /**
   * One group at a time per process: the next gathers while one is written. Two at once made
   * groups half as large and cost a third more CPU per result, for less throughput.
   */
  private readonly singles = new GroupRunner<QcRequest, BatchItemOutcome>(
    (_lane, requests) => this.recordMany(requests),
    { maxGroup: 200, concurrencyPerLane: 1 },
  );

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * One result. Results that arrive while others are being written go to the database
   * together (`GroupRunner`), through the batch's path: one transaction, each result still
   * decided, answered and refused on its own, in the order it arrived.
   */
  async record(
    actor: Actor,
    unitRef: string,
    key: string,
    input: RecordQcResultDto,
  ): Promise<{ replayed: boolean; value: QcResultDto }> {
    const outcome = await this.singles.submit('qc', {
      actor,
      item: { ...input, unit: unitRef, key },
    });
    if (!outcome.ok) throw outcome.error;
    return { replayed: outcome.replayed, value: outcome.result };
  }

  /** Each item succeeds or fails on its own; see `recordMany`. */
  recordBatch(actor: Actor, items: BatchQcResultItemDto[]): Promise<BatchItemOutcome[]> {
    return this.recordMany(items.map((item) => ({ actor, item })));
  }

  /**
   * The fast path runs all requests in one transaction: items are checked in memory, in
   * order, against state loaded once (so a refused item writes nothing), and the accepted
   * ones are written set-based, their keys last (`storeKeys`).
   *
   * The first pass does not look the keys up: a retry is rare, and looking up a thousand
   * keys made each result cost the database a fifth more. Should a key turn out stored,
   * the pass rolls back and a second one looks the keys up first, to replay them. Should
   * the database still refuse (a deadlock, a constraint, a key stored meanwhile by a
   * concurrent request), the requests are redone one by one, each in its own transaction.
   */
  private async recordMany(requests: QcRequest[]): Promise<BatchItemOutcome[]> {
    const inOneTransaction = (lookUpKeys: boolean) =>
      this.db.transaction((tx) => this.batchInOneTransaction(tx, requests, lookUpKeys));
    try {
      try {
        return await inOneTransaction(false);
      } catch (error) {
        if (!(error instanceof KeysAlreadyStoredError)) throw error;
        return await inOneTransaction(true);
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'QC batch fell back to one transaction per item');
      const outcomes: BatchItemOutcome[] = [];
      for (const { actor, item } of requests) {
        try {
          const { replayed, value } = await this.recordAlone(actor, item.unit, item.key, item);
          outcomes.push({ key: item.key, ok: true, replayed, result: value });
        } catch (itemError) {
          outcomes.push({ key: item.key, ok: false, error: itemError });
        }
      }
      return outcomes;
    }
  }

  private recordAlone(
    actor: Actor,
    unitRef: string,
    key: string,
    input: RecordQcResultDto,
  ): Promise<{ replayed: boolean; value: QcResultDto }> {
    return this.db.transaction(async (tx) => {
      let answer: QcResultDto | undefined;
      const stored = await oncePerKey<KeptQcAnswer>(
        tx,
        QC_RESULT_SCOPE,
        key,
        qcResultHash(unitRef, input),
        async () => {
          const now = new Date();
          const testedAt = testedAtOf(input, now);
          const unit = (await lockUnitsByRefs(tx, [unitRef])).get(unitRef);
          if (!unit) throw new NotFoundError('Unit', unitRef);
          const defects = await loadDefectCodeStages(tx, input.defectCodes ?? []);
          const accepted = accept(actor, unit, input, defects, testedAt, now);
          await this.write(tx, [accepted], [unit], now);
          answer = accepted.dto;
          return storedQcAnswer(accepted.dto);
        },
      );
      if (answer) return { replayed: false, value: answer };
      const replay = (await loadQcAnswers(tx, [stored.value])).get(storedResultId(stored.value));
      if (!replay) throw new Error(`QC result of key ${key} not found`);
      return { replayed: true, value: replay };
    });
  }

  private async batchInOneTransaction(
    tx: EntityManager,
    requests: QcRequest[],
    lookUpKeys: boolean,
  ): Promise<BatchItemOutcome[]> {
    const items = requests.map((r) => r.item);
    const now = new Date();
    const hashes = items.map((item) => qcResultHash(item.unit, item));
    const stored = lookUpKeys
      ? await findKeys<KeptQcAnswer>(
          tx,
          QC_RESULT_SCOPE,
          items.map((item) => item.key),
        )
      : new Map<string, StoredKey<KeptQcAnswer>>();
    const replays = await loadQcAnswers(
      tx,
      [...stored.values()].flatMap((s) => (s.value ? [s.value] : [])),
    );

    // Which items need work: not a replay, not a repeat of an earlier item of this batch.
    const firstIndexOfKey = new Map<string, number>();
    const pending: number[] = [];
    items.forEach((item, i) => {
      if (firstIndexOfKey.has(item.key)) return;
      firstIndexOfKey.set(item.key, i);
      if (!stored.has(item.key)) pending.push(i);
    });
    const units = await lockUnitsByRefs(
      tx,
      pending.map((i) => items[i].unit),
    );
    const defects = await loadDefectCodeStages(
      tx,
      pending.flatMap((i) => items[i].defectCodes ?? []),
    );

    const outcomes: BatchItemOutcome[] = new Array<BatchItemOutcome>(items.length);
    const accepted: Accepted[] = [];
    const touched = new Set<UnitQcState>();
    for (const i of pending) {
      const item = items[i];
      try {
        const unit = units.get(item.unit);
        if (!unit) throw new NotFoundError('Unit', item.unit);
        const result = accept(requests[i].actor, unit, item, defects, testedAtOf(item, now), now);
        accepted.push(result);
        touched.add(unit);
        outcomes[i] = { key: item.key, ok: true, replayed: false, result: result.dto };
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        outcomes[i] = { key: item.key, ok: false, error };
      }
    }
    items.forEach((item, i) => {
      if (outcomes[i]) return;
      const first = firstIndexOfKey.get(item.key) ?? i;
      const state = stored.get(item.key);
      if (first !== i) {
        // The same key twice in one batch: the second is a retry of the first.
        const earlier = outcomes[first];
        outcomes[i] =
          hashes[first] !== hashes[i]
            ? { key: item.key, ok: false, error: keyReused(item.key) }
            : earlier.ok
              ? { ...earlier, replayed: true }
              : earlier;
      } else if (state) {
        const replay = state.value && replays.get(storedResultId(state.value));
        outcomes[i] =
          state.hash !== hashes[i] || !replay
            ? { key: item.key, ok: false, error: keyReused(item.key) }
            : { key: item.key, ok: true, replayed: true, result: replay };
      }
    });

    await this.write(tx, accepted, [...touched], now);
    const decided = pending.map((i) => ({
      key: items[i].key,
      hash: hashes[i],
      outcome: outcomes[i],
    }));
    await storeKeys(
      tx,
      QC_RESULT_SCOPE,
      decided.flatMap(({ key, hash, outcome }) =>
        outcome.ok ? [{ key, hash, value: storedQcAnswer(outcome.result) }] : [],
      ),
      decided.filter(({ outcome }) => !outcome.ok),
    );
    return outcomes;
  }

  private async write(
    tx: EntityManager,
    accepted: Accepted[],
    units: UnitQcState[],
    now: Date,
  ): Promise<void> {
    if (accepted.length === 0) return;
    await writeQcResults(
      tx,
      accepted.map((a) => a.row),
      units,
      now,
    );
  }
}

interface Accepted {
  row: QcResultRow;
  dto: QcResultDto;
}

/** Decides one result and moves the in-memory unit on; throws the refusal otherwise. */
function accept(
  actor: Actor,
  unit: UnitQcState,
  input: RecordQcResultDto,
  defects: DefectCodeStages,
  testedAt: Date,
  now: Date,
): Accepted {
  const decision = decideQcResult(unit, input, defects);
  applyDecision(unit, decision, now);
  const row: QcResultRow = {
    id: randomUUID(),
    actor,
    unit,
    decision,
    station: input.station ?? null,
    measurements: input.measurements ?? null,
    testedAt,
  };
  const dto = qcResultDto(
    {
      id: row.id,
      stage: decision.stage,
      result: decision.result,
      attempt: decision.attempt,
      defectCodes: decision.defectCodes,
      station: row.station,
      measurements: row.measurements,
      testedAt,
      recordedAt: now,
      recordedBy: actor.name,
    },
    // A snapshot: later items of a batch move the same unit on.
    {
      id: unit.id,
      serialNumber: unit.serialNumber,
      status: unit.status,
      nextStage: unit.nextStage,
      routePosition: unit.routePosition,
      registryStatus: unit.registryStatus,
    },
  );
  return { row, dto };
}
