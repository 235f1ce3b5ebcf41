import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, AuditService } from '@lt/auth';
import { NotFoundError, Page, pageOf } from '@lt/core';
import { DefectCode } from './defect-code.entity';
import {
  CreateDefectCodeDto,
  DefectCodeDto,
  DefectCodeQuery,
  toDefectCodeDto,
  UpdateDefectCodeDto,
} from './dto/defect-code.dto';

@Injectable()
export class DefectCodesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, input: CreateDefectCodeDto): Promise<DefectCodeDto> {
    return this.db.transaction(async (tx) => {
      const repo = tx.getRepository(DefectCode);
      const defect = await repo.save(
        repo.create({
          code: input.code,
          description: input.description,
          stage: input.stage ?? null,
        }),
      );
      const dto = toDefectCodeDto(defect);
      await this.audit.record(tx, actor, 'defect-code', defect.id, 'CREATE', null, auditable(dto));
      return dto;
    });
  }

  async list(query: DefectCodeQuery): Promise<Page<DefectCodeDto>> {
    const [defects, total] = await this.db.getRepository(DefectCode).findAndCount({
      where: {
        ...(query.stage ? { stage: query.stage } : {}),
        ...(query.code ? { code: query.code } : {}),
      },
      order: { code: 'ASC' },
      skip: query.offset,
      take: query.limit,
    });
    return pageOf(defects.map(toDefectCodeDto), total, query);
  }

  async get(id: string): Promise<DefectCodeDto> {
    const defect = await this.db.getRepository(DefectCode).findOneBy({ id });
    if (!defect) throw new NotFoundError('Defect code', id);
    return toDefectCodeDto(defect);
  }

  async update(actor: Actor, id: string, input: UpdateDefectCodeDto): Promise<DefectCodeDto> {
    return this.db.transaction(async (tx) => {
      const repo = tx.getRepository(DefectCode);
      const defect = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!defect) throw new NotFoundError('Defect code', id);
      const before = auditable(toDefectCodeDto(defect));
      if (input.code !== undefined) defect.code = input.code;
      if (input.description !== undefined) defect.description = input.description;
      if (input.stage !== undefined) defect.stage = input.stage;
      const dto = toDefectCodeDto(await repo.save(defect));
      await this.audit.recordUpdate(tx, actor, 'defect-code', id, before, auditable(dto));
      return dto;
    });
  }
}

function auditable({ code, description, stage }: DefectCodeDto) {
  return { code, description, stage };
}
