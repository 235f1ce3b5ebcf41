import { OutputSeriesDto } from './dto/daily-output.dto';

const COLUMNS = [
  'date',
  'dailyCapacity',
  'assembled',
  'passed',
  'packed',
  'shipped',
  'scrapped',
  'attainmentPct',
  'rolledFirstPassYield',
] as const;

/** The output series as CSV, one row per day. */
export function outputSeriesCsv(series: OutputSeriesDto): string {
  const rows = series.days.map((day) =>
    COLUMNS.map((c) => (day[c] === null ? '' : String(day[c]))).join(','),
  );
  return [COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}
