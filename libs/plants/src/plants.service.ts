import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, AuditService } from '@lt/auth';
import { NotFoundError, Page, pageOf } from '@lt/core';
import {
  CreatePlantDto,
  DEFAULT_TIMEZONE,
  PlantDto,
  PlantQuery,
  toPlantDto,
  UpdatePlantDto,
} from './dto/plant.dto';
import { Plant } from './plant.entity';

/** The IANA spelling of a zone the validator accepted, e.g. asia/karachi -> Asia/Karachi. */
const canonicalTimeZone = (zone: string) =>
  new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;

@Injectable()
export class PlantsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, input: CreatePlantDto): Promise<PlantDto> {
    return this.db.transaction(async (tx) => {
      const repo = tx.getRepository(Plant);
      const plant = await repo.save(
        repo.create({
          code: input.code,
          name: input.name,
          timezone: canonicalTimeZone(input.timezone ?? DEFAULT_TIMEZONE),
          gs1CompanyPrefix: input.gs1CompanyPrefix ?? null,
        }),
      );
      const dto = toPlantDto(plant);
      await this.audit.record(tx, actor, 'plant', plant.id, 'CREATE', null, auditable(dto));
      return dto;
    });
  }

  async list(query: PlantQuery): Promise<Page<PlantDto>> {
    const [plants, total] = await this.db.getRepository(Plant).findAndCount({
      where: query.code ? { code: query.code } : {},
      order: { code: 'ASC' },
      skip: query.offset,
      take: query.limit,
    });
    return pageOf(plants.map(toPlantDto), total, query);
  }

  async get(id: string): Promise<PlantDto> {
    const plant = await this.db.getRepository(Plant).findOneBy({ id });
    if (!plant) throw new NotFoundError('Plant', id);
    return toPlantDto(plant);
  }

  async update(actor: Actor, id: string, input: UpdatePlantDto): Promise<PlantDto> {
    return this.db.transaction(async (tx) => {
      const repo = tx.getRepository(Plant);
      const plant = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!plant) throw new NotFoundError('Plant', id);
      const before = auditable(toPlantDto(plant));
      if (input.code !== undefined) plant.code = input.code;
      if (input.name !== undefined) plant.name = input.name;
      if (input.timezone !== undefined) plant.timezone = canonicalTimeZone(input.timezone);
      if (input.gs1CompanyPrefix !== undefined) plant.gs1CompanyPrefix = input.gs1CompanyPrefix;
      const dto = toPlantDto(await repo.save(plant));
      await this.audit.recordUpdate(tx, actor, 'plant', id, before, auditable(dto));
      return dto;
    });
  }
}

function auditable({ code, name, timezone, gs1CompanyPrefix }: PlantDto) {
  return { code, name, timezone, gs1CompanyPrefix };
}
