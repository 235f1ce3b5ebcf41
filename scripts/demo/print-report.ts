interface Figures {
  dailyCapacity: number;
  assembled: number;
  passed: number;
  packed: number;
  shipped: number;
  scrapped: number;
  attainmentPct: number | null;
  rolledFirstPassYield: number | null;
  registry: { registered: number; pending: number; rejected: number };
  topDefects: { code: string; count: number }[];
}

interface Report {
  plantCode: string;
  date: string;
  timezone: string;
  lines: (Figures & { lineCode: string })[];
  plant: Figures;
}

const n = (v: number | null, suffix = '') =>
  v === null ? '-' : `${v.toLocaleString('en-US')}${suffix}`;

/** The daily-output report as a plain table for the terminal. */
export function printDailyOutput(report: Report): void {
  const header = [
    'line',
    'capacity',
    'assembled',
    'passed',
    'attain.',
    'FPY',
    'packed',
    'shipped',
    'scrapped',
    'registered',
    'pending',
    'rejected',
  ];
  const row = (name: string, f: Figures) => [
    name,
    n(f.dailyCapacity),
    n(f.assembled),
    n(f.passed),
    n(f.attainmentPct, '%'),
    f.rolledFirstPassYield === null ? '-' : `${(f.rolledFirstPassYield * 100).toFixed(1)}%`,
    n(f.packed),
    n(f.shipped),
    n(f.scrapped),
    n(f.registry.registered),
    n(f.registry.pending),
    n(f.registry.rejected),
  ];
  const rows = [header, ...report.lines.map((l) => row(l.lineCode, l)), row('plant', report.plant)];
  const widths = header.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  console.log(`\nDaily output, plant ${report.plantCode}, ${report.date} (${report.timezone})\n`);
  rows.forEach((r, i) => {
    console.log(
      r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '),
    );
    if (i === 0 || i === rows.length - 2) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  });
  const defects = report.plant.topDefects.map((d) => `${d.code} ${d.count}`).join(', ');
  console.log(`\nTop defects: ${defects || 'none'}\n`);
}
