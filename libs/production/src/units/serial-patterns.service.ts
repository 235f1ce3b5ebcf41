import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, AuditService } from '@lt/auth';
import { NotFoundError } from '@lt/core';
import { SerialPattern } from './serial-pattern';

/** A plant's serial number pattern, refused when it could repeat a serial. */
@Injectable()
export class SerialPatternsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async get(plantId: string): Promise<{ plantId: string; pattern: string | null }> {
    const rows = await this.db.query<{ serial_pattern: string | null }[]>(
      'SELECT serial_pattern FROM plants WHERE id = $1',
      [plantId],
    );
    if (rows.length === 0) throw new NotFoundError('Plant', plantId);
    return { plantId, pattern: rows[0].serial_pattern };
  }

  async set(
    actor: Actor,
    plantId: string,
    pattern: string,
  ): Promise<{ plantId: string; pattern: string }> {
    SerialPattern.parse(pattern);
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<{ serial_pattern: string | null }[]>(
        'SELECT serial_pattern FROM plants WHERE id = $1 FOR UPDATE',
        [plantId],
      );
      if (rows.length === 0) throw new NotFoundError('Plant', plantId);
      await tx.query('UPDATE plants SET serial_pattern = $2, updated_at = now() WHERE id = $1', [
        plantId,
        pattern,
      ]);
      await this.audit.recordUpdate(
        tx,
        actor,
        'plant',
        plantId,
        { serialPattern: rows[0].serial_pattern },
        { serialPattern: pattern },
      );
      return { plantId, pattern };
    });
  }
}
