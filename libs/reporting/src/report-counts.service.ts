import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * Moves the deltas written with every unit, event and QC result into the counts the output
 * reports read (migration 1764000009000). Reports are exact without it; it keeps the
 * deltas few, so a report reads counts, not a day of deltas.
 */
@Injectable()
export class ReportCountsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** How many count rows were added to or changed; 0 when another roll-up was running. */
  async rollUp(): Promise<number> {
    const [row] = await this.db.query<{ moved: number }[]>(
      'SELECT roll_up_report_counts() AS moved',
    );
    return row.moved;
  }
}
