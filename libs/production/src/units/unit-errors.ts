import { ConflictError, RuleViolationError } from '@lt/core';

export class WorkOrderClosedError extends ConflictError {
  constructor(number: string) {
    super(
      'work-order-closed',
      `Work order ${number} is closed; open it again or use another work order.`,
      { workOrder: number },
    );
  }
}

/** The work order's model or line changed while a unit was being recorded; nothing was written. */
export class WorkOrderChangedError extends ConflictError {
  constructor(number: string) {
    super(
      'work-order-changed',
      `Work order ${number} changed its model or line while this unit was being recorded; nothing was recorded. Record it again.`,
      { workOrder: number },
    );
  }
}

export class WorkOrderQuantityReachedError extends ConflictError {
  constructor(number: string, issued: number, quantity: number, requested: number) {
    super(
      'work-order-quantity-reached',
      `Work order ${number} has ${issued.toLocaleString('en-US')} of ${quantity.toLocaleString('en-US')} units; ` +
        `${requested.toLocaleString('en-US')} more would exceed it.`,
      { workOrder: number, issued, quantity, requested },
    );
  }
}

export class TypeApprovalMissingError extends RuleViolationError {
  constructor(model: string) {
    super(
      'type-approval-missing',
      `${model} has no PTA type-approval number; set it on the device model first.`,
      { model },
    );
  }
}

export class PoolExhaustedError extends ConflictError {
  constructor(model: string, remaining: number, needed: number) {
    super(
      'imei-pool-exhausted',
      `The IMEI pool of ${model} is exhausted: ${remaining.toLocaleString('en-US')} left, ${needed.toLocaleString('en-US')} needed. Add a pool.`,
      { model, remaining, needed },
    );
  }
}

export class SerialPatternMissingError extends RuleViolationError {
  constructor(plant: string) {
    super('serial-pattern-missing', `Plant ${plant} has no serial number pattern; set one first.`, {
      plant,
    });
  }
}

export class DailySequenceExhaustedError extends RuleViolationError {
  constructor(line: string, max: number) {
    super(
      'serial-sequence-exhausted',
      `Line ${line} has used all ${max.toLocaleString('en-US')} serial numbers of today; widen {SEQ:n} in the plant's pattern.`,
      { line },
    );
  }
}
