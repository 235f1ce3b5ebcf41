import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Page, pageOf } from '@lt/core';
import { AuditEntryDto, AuditQuery } from './dto/audit.dto';

/** Reads the audit trail, newest first. */
@Injectable()
export class AuditLogService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(query: AuditQuery): Promise<Page<AuditEntryDto>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (query.entity) add('entity = ?', query.entity);
    if (query.entityId) add('entity_id = ?', query.entityId);
    if (query.userId) add('user_id = ?', query.userId);
    if (query.from) add('at >= ?', query.from);
    if (query.to) add('at < ?', query.to);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.db.query<{ total: number }[]>(
      `SELECT count(*)::int AS total FROM audit_log ${clause}`,
      params,
    );
    const rows = await this.db.query<AuditEntryDto[]>(
      `SELECT id::text, at, user_id AS "userId", actor, entity, entity_id AS "entityId", action, before, after
       FROM audit_log ${clause} ORDER BY at DESC, id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, query.limit, query.offset],
    );
    return pageOf(rows, total, query);
  }
}
