import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { InvalidInputError } from '@lt/core';
import { UnitStatus } from '@lt/production';
import {
  DefectParetoDto,
  DefectsQuery,
  QualityWindowQuery,
  WipDto,
  YieldDto,
} from './dto/quality-report.dto';
import { STAGE_COUNT_COLUMNS } from './stage-count-columns';
import { computeYield, round4, StageCounts } from './yield-math';

const DAY_MS = 24 * 3600 * 1000;

function windowOf(query: QualityWindowQuery): { from: Date; to: Date } {
  const to = query.to ? new Date(query.to) : new Date();
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - DAY_MS);
  if (from >= to) throw InvalidInputError.field('from', 'must be before to');
  return { from, to };
}

/** The quality reports: set-based SQL over qc_results (line_id, tested_at) and the WIP index on units. */
@Injectable()
export class QualityReportsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async wip(lineId?: string): Promise<WipDto> {
    const rows = await this.db.query<
      { stage: string | null; status: UnitStatus; units: number; position: number }[]
    >(
      `SELECT u.next_stage AS stage, u.status, count(*)::int AS units, min(u.route_position)::int AS position
       FROM units u
       WHERE u.status IN ('ASSEMBLED', 'IN_QC', 'FAILED', 'IN_REWORK', 'ON_HOLD')
         AND ($1::uuid IS NULL OR u.line_id = $1)
       GROUP BY u.next_stage, u.status`,
      [lineId ?? null],
    );
    const stages = new Map<
      string | null,
      {
        stage: string | null;
        units: number;
        position: number;
        byStatus: Partial<Record<UnitStatus, number>>;
      }
    >();
    const byStatus: Partial<Record<UnitStatus, number>> = {};
    for (const row of rows) {
      const stage = stages.get(row.stage) ?? {
        stage: row.stage,
        units: 0,
        position: row.position,
        byStatus: {},
      };
      stage.units += row.units;
      stage.position = Math.min(stage.position, row.position);
      stage.byStatus[row.status] = row.units;
      stages.set(row.stage, stage);
      byStatus[row.status] = (byStatus[row.status] ?? 0) + row.units;
    }
    const ordered = [...stages.values()].sort(
      (a, b) => a.position - b.position || String(a.stage).localeCompare(String(b.stage)),
    );
    return {
      lineId: lineId ?? null,
      at: new Date().toISOString(),
      units: rows.reduce((n, r) => n + r.units, 0),
      byStatus,
      stages: ordered.map(({ stage, units, byStatus: s }) => ({ stage, units, byStatus: s })),
    };
  }

  async yield(query: QualityWindowQuery): Promise<YieldDto> {
    const { from, to } = windowOf(query);
    const rows = await this.db.query<StageCounts[]>(
      `SELECT ${STAGE_COUNT_COLUMNS}
       FROM qc_results q JOIN device_models m ON m.id = q.device_model_id
       WHERE q.tested_at >= $1 AND q.tested_at < $2
         AND ($3::uuid IS NULL OR q.line_id = $3)
         AND ($4::uuid IS NULL OR q.device_model_id = $4)
       GROUP BY q.stage`,
      [from.toISOString(), to.toISOString(), query.lineId ?? null, query.deviceModelId ?? null],
    );
    const figures = computeYield(rows);
    return {
      lineId: query.lineId ?? null,
      deviceModelId: query.deviceModelId ?? null,
      from: from.toISOString(),
      to: to.toISOString(),
      stages: figures.stages.map(({ position: _position, ...stage }) => stage),
      rolledYield: figures.rolledYield,
    };
  }

  async defects(query: DefectsQuery): Promise<DefectParetoDto> {
    const { from, to } = windowOf(query);
    const params = [
      from.toISOString(),
      to.toISOString(),
      query.lineId ?? null,
      query.deviceModelId ?? null,
      query.stage ?? null,
    ];
    const filter = `q.result = 'FAIL' AND q.tested_at >= $1 AND q.tested_at < $2
         AND ($3::uuid IS NULL OR q.line_id = $3)
         AND ($4::uuid IS NULL OR q.device_model_id = $4)
         AND ($5::text IS NULL OR q.stage = $5)`;
    const [rows, [totals]] = await Promise.all([
      this.db.query<
        { code: string; description: string | null; stage: string | null; count: number }[]
      >(
        `SELECT d.code, dc.description, dc.stage, count(*)::int AS count
         FROM qc_results q CROSS JOIN LATERAL unnest(q.defect_codes) AS d(code)
         LEFT JOIN defect_codes dc ON dc.code = d.code
         WHERE ${filter}
         GROUP BY d.code, dc.description, dc.stage
         ORDER BY count(*) DESC, d.code`,
        params,
      ),
      this.db.query<{ failed: number }[]>(
        `SELECT count(*)::int AS failed FROM qc_results q WHERE ${filter}`,
        params,
      ),
    ]);
    const total = rows.reduce((n, r) => n + r.count, 0);
    let running = 0;
    return {
      lineId: query.lineId ?? null,
      from: from.toISOString(),
      to: to.toISOString(),
      failedResults: totals.failed,
      totalDefects: total,
      defects: rows.map((r) => {
        running += r.count;
        return { ...r, share: round4(r.count / total), cumulativeShare: round4(running / total) };
      }),
    };
  }
}
