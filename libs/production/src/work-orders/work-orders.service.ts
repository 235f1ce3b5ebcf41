import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, AuditService } from '@lt/auth';
import { NotFoundError, Page, pageOf, ConflictError } from '@lt/core';
import {
  CreateWorkOrderDto,
  toWorkOrderDto,
  UpdateWorkOrderDto,
  WorkOrderDto,
  WorkOrderQuery,
} from './dto/work-order.dto';
import { WorkOrder } from './work-order.entity';

/**
 * Work orders: build this many units of a model on a line by a day. A model or line that
 * does not exist fails its foreign key, which the API answers with 422 naming the field.
 */
@Injectable()
export class WorkOrdersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, input: CreateWorkOrderDto): Promise<WorkOrderDto> {
    return this.db.transaction(async (tx) => {
      const repo = tx.getRepository(WorkOrder);
      const order = await repo.save(
        repo.create({
          number: input.number,
          deviceModelId: input.deviceModelId,
          lineId: input.lineId,
          quantity: input.quantity,
          dueDate: input.dueDate,
          status: input.status ?? 'OPEN',
        }),
      );
      const dto = toWorkOrderDto(order);
      await this.audit.record(tx, actor, 'work-order', order.id, 'CREATE', null, auditable(dto));
      return dto;
    });
  }

  async list(query: WorkOrderQuery): Promise<Page<WorkOrderDto>> {
    const [orders, total] = await this.db.getRepository(WorkOrder).findAndCount({
      where: {
        ...(query.status ? { status: query.status } : {}),
        ...(query.lineId ? { lineId: query.lineId } : {}),
        ...(query.deviceModelId ? { deviceModelId: query.deviceModelId } : {}),
        ...(query.number ? { number: query.number } : {}),
      },
      order: { dueDate: 'ASC', number: 'ASC' },
      skip: query.offset,
      take: query.limit,
    });
    return pageOf(orders.map(toWorkOrderDto), total, query);
  }

  async get(id: string): Promise<WorkOrderDto> {
    const order = await this.db.getRepository(WorkOrder).findOneBy({ id });
    if (!order) throw new NotFoundError('Work order', id);
    return toWorkOrderDto(order);
  }

  /** The work order, locked until the caller's transaction ends (e.g. while units are issued against it). */
  async getForUpdate(tx: EntityManager, id: string): Promise<WorkOrderDto> {
    const order = await tx
      .getRepository(WorkOrder)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!order) throw new NotFoundError('Work order', id);
    return toWorkOrderDto(order);
  }

  async update(actor: Actor, id: string, input: UpdateWorkOrderDto): Promise<WorkOrderDto> {
    return this.db.transaction(async (tx) => {
      const repo = tx.getRepository(WorkOrder);
      const order = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!order) throw new NotFoundError('Work order', id);
      const before = auditable(toWorkOrderDto(order));
      assertChangeKeepsRecordedUnits(order, input);
      if (input.number !== undefined) order.number = input.number;
      if (input.deviceModelId !== undefined) order.deviceModelId = input.deviceModelId;
      if (input.lineId !== undefined) order.lineId = input.lineId;
      if (input.quantity !== undefined) order.quantity = input.quantity;
      if (input.dueDate !== undefined) order.dueDate = input.dueDate;
      if (input.status !== undefined) order.status = input.status;
      const dto = toWorkOrderDto(await repo.save(order));
      await this.audit.recordUpdate(tx, actor, 'work-order', id, before, auditable(dto));
      return dto;
    });
  }
}

/**
 * Units already recorded pin the order's number (their history and paperwork carry it), model
 * and line, and its quantity from below.
 */
function assertChangeKeepsRecordedUnits(order: WorkOrder, input: UpdateWorkOrderDto): void {
  if (order.issuedCount === 0) return;
  if (input.quantity !== undefined && input.quantity < order.issuedCount) {
    throw new ConflictError(
      'work-order-quantity-below-recorded',
      `Work order ${order.number} already has ${order.issuedCount} units; its quantity cannot go below that.`,
      { field: 'quantity', unitsRecorded: order.issuedCount, workOrder: order.number },
    );
  }
  for (const field of ['number', 'deviceModelId', 'lineId'] as const) {
    if (input[field] !== undefined && input[field] !== order[field]) {
      throw new ConflictError(
        'work-order-has-units',
        `Work order ${order.number} already has ${order.issuedCount} units; its ${field} cannot change.`,
        { field, unitsRecorded: order.issuedCount, workOrder: order.number },
      );
    }
  }
}

function auditable({ number, deviceModelId, lineId, quantity, dueDate, status }: WorkOrderDto) {
  return { number, deviceModelId, lineId, quantity, dueDate, status };
}
