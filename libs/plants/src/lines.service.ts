import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, AuditService } from '@lt/auth';
import { DomainError, InvalidInputError, NotFoundError, Page, pageOf } from '@lt/core';
import { CreateLineDto, LineDto, LineQuery, toLineDto, UpdateLineDto } from './dto/line.dto';
import { Line } from './line.entity';
import { DEFAULT_SHIFTS, Shift, shiftScheduleProblem } from './shift-schedule';

@Injectable()
export class LinesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** A missing plant fails the foreign key, which the API answers with 422 naming plantId. */
  async create(actor: Actor, input: CreateLineDto): Promise<LineDto> {
    const shifts = checkedShifts(input.shifts ?? DEFAULT_SHIFTS);
    return this.db.transaction(async (tx) => {
      await assertCodeFree(tx, input.plantId, input.code, null);
      const repo = tx.getRepository(Line);
      const line = await repo.save(
        repo.create({
          plantId: input.plantId,
          code: input.code,
          name: input.name,
          dailyCapacity: input.dailyCapacity,
          shifts,
        }),
      );
      const dto = toLineDto(line);
      await this.audit.record(tx, actor, 'line', line.id, 'CREATE', null, auditable(dto));
      return dto;
    });
  }

  async list(query: LineQuery): Promise<Page<LineDto>> {
    const qb = this.db
      .getRepository(Line)
      .createQueryBuilder('l')
      .orderBy('l.plant_id')
      .addOrderBy('l.code');
    if (query.plantId) qb.andWhere('l.plant_id = :plantId', { plantId: query.plantId });
    if (query.code) qb.andWhere('l.code = :code', { code: query.code });
    const [lines, total] = await qb.skip(query.offset).take(query.limit).getManyAndCount();
    return pageOf(lines.map(toLineDto), total, query);
  }

  async get(id: string): Promise<LineDto> {
    const line = await this.db.getRepository(Line).findOneBy({ id });
    if (!line) throw new NotFoundError('Line', id);
    return toLineDto(line);
  }

  async update(actor: Actor, id: string, input: UpdateLineDto): Promise<LineDto> {
    const shifts = input.shifts === undefined ? undefined : checkedShifts(input.shifts);
    return this.db.transaction(async (tx) => {
      const repo = tx.getRepository(Line);
      const line = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!line) throw new NotFoundError('Line', id);
      const before = auditable(toLineDto(line));
      if (input.code !== undefined && input.code !== line.code) {
        await assertCodeFree(tx, line.plantId, input.code, id);
        line.code = input.code;
      }
      if (input.name !== undefined) line.name = input.name;
      if (input.dailyCapacity !== undefined) line.dailyCapacity = input.dailyCapacity;
      if (shifts !== undefined) line.shifts = shifts;
      const dto = toLineDto(await repo.save(line));
      await this.audit.recordUpdate(tx, actor, 'line', id, before, auditable(dto));
      return dto;
    });
  }
}

function checkedShifts(shifts: readonly Shift[]): Shift[] {
  const problem = shiftScheduleProblem(shifts);
  if (problem) throw InvalidInputError.field('shifts', problem);
  return shifts.map(({ name, start, end }) => ({ name, start, end }));
}

/**
 * Line codes are unique per plant. The constraint names plant and code together; checking
 * first lets the answer name just `code`. The constraint still guards concurrent writers.
 */
async function assertCodeFree(
  tx: EntityManager,
  plantId: string,
  code: string,
  exceptId: string | null,
): Promise<void> {
  const taken = await tx.getRepository(Line).findOneBy({ plantId, code });
  if (taken && taken.id !== exceptId) {
    const message = `The plant already has a line with code ${code}.`;
    throw new DomainError('conflict', 'conflict', message, { code, lineId: taken.id }, [
      { field: 'code', message: 'must be unique within the plant' },
    ]);
  }
}

function auditable({ plantId, code, name, dailyCapacity, shifts }: LineDto) {
  return { plantId, code, name, dailyCapacity, shifts };
}
