import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Actor, AuditService } from '@lt/auth';
import { DomainError, NotFoundError, Page, pageOf } from '@lt/core';
import { DeviceModel, DeviceModelTac, Technology, TECHNOLOGIES } from './device-model.entity';
import {
  CreateDeviceModelDto,
  DeviceModelDto,
  DeviceModelQuery,
  toDeviceModelDto,
  UpdateDeviceModelDto,
} from './dto/device-model.dto';

@Injectable()
export class DeviceModelsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, input: CreateDeviceModelDto): Promise<DeviceModelDto> {
    return this.db.transaction(async (tx) => {
      await assertModelNumberFree(tx, input.brand, input.modelNumber, null);
      await assertTacsFree(tx, input.tacs, null);
      const repo = tx.getRepository(DeviceModel);
      const model = await repo.save(
        repo.create({
          brand: input.brand,
          name: input.name,
          modelNumber: input.modelNumber,
          deviceType: input.deviceType,
          technologies: inTechnologyOrder(input.technologies),
          imeisPerDevice: input.imeisPerDevice,
          typeApprovalNumber: input.typeApprovalNumber ?? null,
          operatingSystem: input.operatingSystem ?? null,
          route: input.route,
        }),
      );
      await tx
        .getRepository(DeviceModelTac)
        .insert(input.tacs.map((tac) => ({ tac, deviceModelId: model.id })));
      const dto = toDeviceModelDto(model, input.tacs);
      await this.audit.record(tx, actor, 'device-model', model.id, 'CREATE', null, auditable(dto));
      return dto;
    });
  }

  async list(query: DeviceModelQuery): Promise<Page<DeviceModelDto>> {
    const qb = this.db
      .getRepository(DeviceModel)
      .createQueryBuilder('m')
      .orderBy('lower(m.brand)')
      .addOrderBy('lower(m.model_number)');
    if (query.brand) qb.andWhere('lower(m.brand) = lower(:brand)', { brand: query.brand });
    if (query.modelNumber)
      qb.andWhere('lower(m.model_number) = lower(:modelNumber)', {
        modelNumber: query.modelNumber,
      });
    if (query.deviceType)
      qb.andWhere('m.device_type = :deviceType', { deviceType: query.deviceType });
    if (query.tac)
      qb.andWhere('m.id IN (SELECT device_model_id FROM device_model_tacs WHERE tac = :tac)', {
        tac: query.tac,
      });
    const [models, total] = await qb.skip(query.offset).take(query.limit).getManyAndCount();
    const tacs = await tacsByModel(
      this.db.manager,
      models.map((m) => m.id),
    );
    return pageOf(
      models.map((m) => toDeviceModelDto(m, tacs.get(m.id) ?? [])),
      total,
      query,
    );
  }

  async get(id: string): Promise<DeviceModelDto> {
    const model = await this.db.getRepository(DeviceModel).findOneBy({ id });
    if (!model) throw new NotFoundError('Device model', id);
    return toDeviceModelDto(model, (await tacsByModel(this.db.manager, [id])).get(id) ?? []);
  }

  /**
   * The model, locked until the caller's transaction ends: for writes in other domains that
   * depend on it (issuing IMEIs from its TACs, following its route) and must not race an edit.
   */
  async getForUpdate(tx: EntityManager, id: string): Promise<DeviceModelDto> {
    const model = await tx
      .getRepository(DeviceModel)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!model) throw new NotFoundError('Device model', id);
    return toDeviceModelDto(model, (await tacsByModel(tx, [id])).get(id) ?? []);
  }

  async update(actor: Actor, id: string, input: UpdateDeviceModelDto): Promise<DeviceModelDto> {
    return this.db.transaction(async (tx) => {
      const repo = tx.getRepository(DeviceModel);
      const model = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!model) throw new NotFoundError('Device model', id);
      const oldTacs = (await tacsByModel(tx, [id])).get(id) ?? [];
      const before = auditable(toDeviceModelDto(model, oldTacs));

      if (input.brand !== undefined || input.modelNumber !== undefined) {
        await assertModelNumberFree(
          tx,
          input.brand ?? model.brand,
          input.modelNumber ?? model.modelNumber,
          id,
        );
      }
      await this.assertNoUnitsFor(tx, model, input);
      if (input.brand !== undefined) model.brand = input.brand;
      if (input.name !== undefined) model.name = input.name;
      if (input.modelNumber !== undefined) model.modelNumber = input.modelNumber;
      if (input.deviceType !== undefined) model.deviceType = input.deviceType;
      if (input.technologies !== undefined)
        model.technologies = inTechnologyOrder(input.technologies);
      if (input.imeisPerDevice !== undefined) model.imeisPerDevice = input.imeisPerDevice;
      if (input.typeApprovalNumber !== undefined)
        model.typeApprovalNumber = input.typeApprovalNumber;
      if (input.operatingSystem !== undefined) model.operatingSystem = input.operatingSystem;
      if (input.route !== undefined) model.route = input.route;
      const saved = await repo.save(model);

      let tacs = oldTacs;
      if (input.tacs !== undefined) {
        tacs = input.tacs;
        await this.replaceTacs(tx, id, oldTacs, input.tacs);
      }
      const dto = toDeviceModelDto(saved, tacs);
      await this.audit.recordUpdate(tx, actor, 'device-model', id, before, auditable(dto));
      return dto;
    });
  }

  /**
   * Refuses to take TACs away from a model once IMEIs were issued from them: those IMEIs
   * would no longer lead back to their model. Nothing issues IMEIs yet, so every TAC is
   * removable; the IMEI pools extend this check.
   */
  /** A TAC whose IMEIs are in a pool stays: the pool's IMEIs would lose their model. */
  async assertTacsRemovable(
    tx: EntityManager,
    deviceModelId: string,
    tacs: string[],
  ): Promise<void> {
    const used = await tx.query<{ tac: string }[]>(
      `SELECT t.tac FROM unnest($1::text[]) AS t(tac)
       WHERE EXISTS (SELECT 1 FROM imeis WHERE imei BETWEEN t.tac || '0000000' AND t.tac || '9999999')`,
      [tacs],
    );
    if (used.length > 0) {
      throw new DomainError(
        'conflict',
        'tac-in-use',
        `TAC ${used.map((u) => u.tac).join(', ')} has IMEIs in a pool of this model; it cannot be removed.`,
        {
          field: 'tacs',
          deviceModelId,
          tacs: used.map((u) => u.tac),
        },
      );
    }
  }

  /** Units carry positions on the route and IMEIs per the model: both are fixed once units exist. */
  private async assertNoUnitsFor(
    tx: EntityManager,
    model: DeviceModel,
    input: UpdateDeviceModelDto,
  ): Promise<void> {
    const routeChanges =
      input.route !== undefined && JSON.stringify(input.route) !== JSON.stringify(model.route);
    const imeisChange =
      input.imeisPerDevice !== undefined && input.imeisPerDevice !== model.imeisPerDevice;
    if (!routeChanges && !imeisChange) return;
    const [{ exists }] = await tx.query<
      {
        exists: boolean;
      }[]
    >(
      // Through the work orders: units are not indexed by model, and an order's model is
      // pinned once it has units.
      'SELECT EXISTS (SELECT 1 FROM work_orders WHERE device_model_id = $1 AND issued_count > 0) AS exists',
      [model.id],
    );
    if (exists) {
      const field = routeChanges ? 'route' : 'imeisPerDevice';
      throw new DomainError(
        'conflict',
        'device-model-has-units',
        `${model.brand} ${model.name} already has units; its ${field} cannot change. Create a new model revision instead.`,
        { field, model: `${model.brand} ${model.name}` },
      );
    }
  }

  private async replaceTacs(
    tx: EntityManager,
    id: string,
    oldTacs: string[],
    newTacs: string[],
  ): Promise<void> {
    const removed = oldTacs.filter((tac) => !newTacs.includes(tac));
    const added = newTacs.filter((tac) => !oldTacs.includes(tac));
    if (removed.length > 0) {
      await this.assertTacsRemovable(tx, id, removed);
      await tx.getRepository(DeviceModelTac).delete({ deviceModelId: id, tac: In(removed) });
    }
    if (added.length > 0) {
      await assertTacsFree(tx, added, id);
      await tx
        .getRepository(DeviceModelTac)
        .insert(added.map((tac) => ({ tac, deviceModelId: id })));
    }
  }
}

function inTechnologyOrder(technologies: Technology[]): Technology[] {
  return TECHNOLOGIES.filter((t) => technologies.includes(t));
}

async function tacsByModel(manager: EntityManager, ids: string[]): Promise<Map<string, string[]>> {
  const byModel = new Map<string, string[]>();
  if (ids.length === 0) return byModel;
  const rows = await manager
    .getRepository(DeviceModelTac)
    .find({ where: { deviceModelId: In(ids) }, order: { tac: 'ASC' } });
  for (const row of rows)
    byModel.set(row.deviceModelId, [...(byModel.get(row.deviceModelId) ?? []), row.tac]);
  return byModel;
}

/**
 * Model numbers are unique per brand, ignoring case. The index names brand and model number
 * together; checking first lets the answer name `modelNumber`. The index still guards races.
 */
async function assertModelNumberFree(
  tx: EntityManager,
  brand: string,
  modelNumber: string,
  exceptId: string | null,
): Promise<void> {
  const taken = await tx
    .getRepository(DeviceModel)
    .createQueryBuilder('m')
    .where('lower(m.brand) = lower(:brand) AND lower(m.model_number) = lower(:modelNumber)', {
      brand,
      modelNumber,
    })
    .getOne();
  if (taken && taken.id !== exceptId) {
    throw new DomainError(
      'conflict',
      'conflict',
      `${taken.brand} already has a model numbered ${taken.modelNumber}.`,
      { deviceModelId: taken.id },
      [{ field: 'modelNumber', message: 'must be unique for the brand' }],
    );
  }
}

/** A TAC belongs to one model: the answer names each TAC another model already owns. */
async function assertTacsFree(
  tx: EntityManager,
  tacs: string[],
  exceptModelId: string | null,
): Promise<void> {
  const owned = await tx
    .getRepository(DeviceModelTac)
    .find({ where: { tac: In(tacs) }, order: { tac: 'ASC' } });
  const taken = owned.filter((row) => row.deviceModelId !== exceptModelId);
  if (taken.length === 0) return;
  throw new DomainError(
    'conflict',
    'tac-taken',
    `TAC ${taken.map((row) => row.tac).join(', ')} already belongs to another device model.`,
    {
      tacs: taken.map((row) => row.tac),
      deviceModelIds: [...new Set(taken.map((row) => row.deviceModelId))],
    },
    taken.map((row) => ({
      field: 'tacs',
      message: `TAC ${row.tac} already belongs to another device model`,
    })),
  );
}

function auditable({ id: _id, createdAt: _c, updatedAt: _u, ...fields }: DeviceModelDto) {
  return fields;
}
