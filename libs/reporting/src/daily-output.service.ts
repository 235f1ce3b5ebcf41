import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotFoundError } from '@lt/core';
import { Shift } from '@lt/plants';
import { localDay } from '@lt/production';
import {
  DailyOutputDto,
  OutputCounts,
  OutputFigures,
  OutputSeriesDto,
} from './dto/daily-output.dto';
import {
  BucketCounts,
  countDefects,
  countFirstTries,
  countOutput,
  countRegistry,
  LineFirstTries,
  rolledFirstPassYield,
  Window,
} from './output-queries';
import { localMinutesOfDay, shiftOfMinute } from './shift-buckets';

interface PlantLines {
  plantId: string;
  plantCode: string;
  timezone: string;
  lines: { id: string; code: string; name: string; dailyCapacity: number; shifts: Shift[] }[];
}

const zero = (): OutputCounts => ({ assembled: 0, passed: 0, packed: 0, shipped: 0, scrapped: 0 });

function add(into: OutputCounts, row: OutputCounts): void {
  into.assembled += row.assembled;
  into.passed += row.passed;
  into.packed += row.packed;
  into.shipped += row.shipped;
  into.scrapped += row.scrapped;
}

const attainment = (passed: number, capacity: number) =>
  capacity > 0 ? Math.round((1000 * passed) / capacity) / 10 : null;

function topFive(rows: { code: string; count: number }[]): { code: string; count: number }[] {
  const byCode = new Map<string, number>();
  for (const r of rows) byCode.set(r.code, (byCode.get(r.code) ?? 0) + r.count);
  return [...byCode.entries()]
    .map(([code, count]) => ({ code, count }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code))
    .slice(0, 5);
}

/**
 * Output against capacity per line and for the plant, read from counts kept per line and
 * minute (see output-queries.ts): a day's report touches one day's rows whatever the size
 * of the history.
 */
@Injectable()
export class DailyOutputService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async daily(plantId: string, date?: string): Promise<DailyOutputDto> {
    const plant = await this.plantLines(plantId);
    const day = date ?? localDay(new Date(), plant.timezone).iso;
    const { from, to } = await this.localWindow(day, day, plant.timezone);
    const window: Window = {
      lineIds: plant.lines.map((l) => l.id),
      from,
      to,
      timezone: plant.timezone,
      bucketing: 'minute',
    };
    const [output, stages, defects, registry] = await Promise.all([
      countOutput(this.db, window),
      countFirstTries(this.db, window),
      countDefects(this.db, window),
      countRegistry(this.db, window),
    ]);
    const toLocal = localMinutesOfDay(from, to, plant.timezone);
    for (const row of output) row.bucket = String(toLocal(Number(row.bucket)));

    const lines = plant.lines.map((line) => {
      const rows = output.filter((r) => r.line_id === line.id);
      const figures = this.figures(
        rows,
        line.shifts,
        line.dailyCapacity,
        stages.filter((s) => s.line_id === line.id),
        defects.filter((d) => d.line_id === line.id),
        registry.filter((r) => r.line_id === line.id),
      );
      return { lineId: line.id, lineCode: line.code, lineName: line.name, ...figures };
    });

    const plantFigures: OutputFigures = {
      ...zero(),
      dailyCapacity: lines.reduce((n, l) => n + l.dailyCapacity, 0),
      attainmentPct: null,
      rolledFirstPassYield: rolledFirstPassYield(stages),
      topDefects: topFive(defects),
      registry: { registered: 0, pending: 0, rejected: 0 },
      shifts: [],
      hourly: Array.from({ length: 24 }, (_, hour) => ({ hour, assembled: 0, passed: 0 })),
    };
    const shifts = new Map<string, OutputFigures['shifts'][number]>();
    for (const line of lines) {
      add(plantFigures, line);
      plantFigures.registry.registered += line.registry.registered;
      plantFigures.registry.pending += line.registry.pending;
      plantFigures.registry.rejected += line.registry.rejected;
      line.hourly.forEach((h, i) => {
        plantFigures.hourly[i].assembled += h.assembled;
        plantFigures.hourly[i].passed += h.passed;
      });
      for (const s of line.shifts) {
        const known = shifts.get(s.name) ?? { ...s, ...zero() };
        add(known, s);
        shifts.set(s.name, known);
      }
    }
    plantFigures.shifts = [...shifts.values()];
    plantFigures.attainmentPct = attainment(plantFigures.passed, plantFigures.dailyCapacity);
    return {
      plantId: plant.plantId,
      plantCode: plant.plantCode,
      timezone: plant.timezone,
      date: day,
      from: from.toISOString(),
      to: to.toISOString(),
      lines,
      plant: plantFigures,
    };
  }

  /** The plant's headline figures per local day from `fromDate` to `toDate` inclusive. */
  async series(plantId: string, fromDate: string, toDate: string): Promise<OutputSeriesDto> {
    const plant = await this.plantLines(plantId);
    const { from, to } = await this.localWindow(fromDate, toDate, plant.timezone);
    const window: Window = {
      lineIds: plant.lines.map((l) => l.id),
      from,
      to,
      timezone: plant.timezone,
      bucketing: 'date',
    };
    const [output, stages] = await Promise.all([
      countOutput(this.db, window),
      countFirstTries(this.db, window),
    ]);
    const capacity = plant.lines.reduce((n, l) => n + l.dailyCapacity, 0);
    const days = [];
    for (
      let d = new Date(`${fromDate}T00:00:00Z`);
      d <= new Date(`${toDate}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() + 1)
    ) {
      const date = d.toISOString().slice(0, 10);
      const counts = zero();
      for (const row of output) if (row.bucket === date) add(counts, row);
      days.push({
        date,
        ...counts,
        dailyCapacity: capacity,
        attainmentPct: attainment(counts.passed, capacity),
        rolledFirstPassYield: rolledFirstPassYield(stages.filter((s) => s.bucket === date)),
      });
    }
    return { plantId, from: fromDate, to: toDate, days };
  }

  private figures(
    rows: BucketCounts[],
    shifts: Shift[],
    capacity: number,
    stages: LineFirstTries[],
    defects: { code: string; count: number }[],
    registry: { registered: number; pending: number; rejected: number }[],
  ): OutputFigures {
    const totals = zero();
    const byShift = new Map(shifts.map((s) => [s.name, { ...s, ...zero() }]));
    const hourly = Array.from({ length: 24 }, (_, hour) => ({ hour, assembled: 0, passed: 0 }));
    for (const row of rows) {
      const minute = Number(row.bucket);
      add(totals, row);
      hourly[Math.floor(minute / 60)].assembled += row.assembled;
      hourly[Math.floor(minute / 60)].passed += row.passed;
      const shift = shiftOfMinute(shifts, minute);
      if (shift) add(byShift.get(shift)!, row);
    }
    return {
      ...totals,
      dailyCapacity: capacity,
      attainmentPct: attainment(totals.passed, capacity),
      rolledFirstPassYield: rolledFirstPassYield(stages),
      topDefects: topFive(defects),
      registry: registry[0]
        ? {
            registered: registry[0].registered,
            pending: registry[0].pending,
            rejected: registry[0].rejected,
          }
        : { registered: 0, pending: 0, rejected: 0 },
      shifts: [...byShift.values()],
      hourly,
    };
  }

  private async plantLines(plantId: string): Promise<PlantLines> {
    const rows = await this.db.query<PlantLines[]>(
      `SELECT p.id AS "plantId", p.code AS "plantCode", p.timezone,
              coalesce(json_agg(json_build_object('id', l.id, 'code', l.code, 'name', l.name,
                'dailyCapacity', l.daily_capacity, 'shifts', l.shifts) ORDER BY l.code) FILTER (WHERE l.id IS NOT NULL), '[]') AS lines
       FROM plants p LEFT JOIN lines l ON l.plant_id = p.id WHERE p.id = $1 GROUP BY p.id`,
      [plantId],
    );
    if (rows.length === 0) throw new NotFoundError('Plant', plantId);
    return rows[0];
  }

  private async localWindow(
    fromDate: string,
    toDate: string,
    timezone: string,
  ): Promise<{ from: Date; to: Date }> {
    const [row] = await this.db.query<{ from: Date; to: Date }[]>(
      `SELECT ($1::date)::timestamp AT TIME ZONE $3 AS "from", ($2::date + 1)::timestamp AT TIME ZONE $3 AS "to"`,
      [fromDate, toDate, timezone],
    );
    return row;
  }
}
