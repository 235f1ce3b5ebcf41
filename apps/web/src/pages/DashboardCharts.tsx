import { Paper, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { components } from '../api/schema';
import { useFormat } from '../lib/format';
import { hourlyRate } from '../lib/shift';

type S = components['schemas'];

/** The dashboard's charts: loaded only here, so the station never downloads the chart library. */
export default function DashboardCharts(props: {
  daily?: S['DailyOutputDto'];
  lines: S['LineDto'][];
  yields: S['YieldDto'][];
  wip: S['WipDto'][];
  trend?: S['OutputSeriesDto'];
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const fmt = (value: number) => format.number(value);
  const rtl = document.documentElement.dir === 'rtl';
  const lineOf = (id: string | null) => props.lines.find((line) => line.id === id);
  const defects = new Map<string, number>();
  for (const line of props.daily?.lines ?? []) for (const d of line.topDefects) defects.set(d.code, (defects.get(d.code) ?? 0) + d.count);
  const total = [...defects.values()].reduce((a, b) => a + b, 0);
  let running = 0;
  const pareto = [...defects.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([code, count]) => {
      running += count;
      return { code, count, cumulative: total ? Math.round((1000 * running) / total) / 10 : 0 };
    });

  return (
    <>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        {(props.daily?.lines ?? []).map((line) => {
          const shifts = lineOf(line.lineId)?.shifts ?? [];
          const rate = Math.round(hourlyRate(line.dailyCapacity, shifts));
          const boundaries = shifts.map((shift) => Number(shift.start.slice(0, 2)));
          const data = Array.from({ length: 24 }, (_, hour) => ({ hour, passed: line.hourly.find((h) => h.hour === hour)?.passed ?? 0, assembled: line.hourly.find((h) => h.hour === hour)?.assembled ?? 0 }));
          return (
            <Paper withBorder p="md" key={line.lineId}>
              <Title order={2} size="h3">{t('dashboard.hourly', { line: line.lineCode, rate: fmt(rate) })}</Title>
              <div style={{ width: '100%', height: 260 }} role="img" aria-label={t('dashboard.hourlyAlt', { line: line.lineCode })}>
                <ResponsiveContainer>
                  <BarChart data={data} margin={{ top: 10, right: 16, bottom: 24, left: 8 }}>
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis dataKey="hour" reversed={rtl} label={{ value: t('dashboard.hourAxis'), position: 'insideBottom', offset: -12 }} />
                    <YAxis orientation={rtl ? 'right' : 'left'} tickFormatter={fmt} label={{ value: t('dashboard.unitsAxis'), angle: -90, position: 'insideLeft' }} />
                    <Tooltip formatter={(value) => fmt(Number(value))} />
                    <Legend verticalAlign="top" />
                    <Bar dataKey="passed" name={t('dashboard.passed')} fill="#0b6b2e" />
                    <Bar dataKey="assembled" name={t('dashboard.assembled')} fill="#7a8a99" />
                    <ReferenceLine y={rate} stroke="#a3151a" strokeDasharray="6 3" label={{ value: t('dashboard.rate', { rate: fmt(rate) }), position: 'insideTopRight' }} />
                    {boundaries.map((hour) => (
                      <ReferenceLine key={hour} x={hour} stroke="#1a4f9c" label={{ value: t('dashboard.shiftStart'), position: 'top' }} />
                    ))}
                  </BarChart>
                </ResponsiveContainer>
              </div>
            </Paper>
          );
        })}
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Paper withBorder p="md">
          <Title order={2} size="h3">{t('dashboard.pareto')}</Title>
          {pareto.length === 0 ? (
            <Text>{t('dashboard.noDefects')}</Text>
          ) : (
            <div style={{ width: '100%', height: 260 }} role="img" aria-label={t('dashboard.paretoAlt')}>
              <ResponsiveContainer>
                <ComposedChart data={pareto} margin={{ top: 10, right: 16, bottom: 24, left: 8 }}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="code" reversed={rtl} />
                  <YAxis yAxisId="count" tickFormatter={fmt} label={{ value: t('dashboard.defectsAxis'), angle: -90, position: 'insideLeft' }} />
                  <YAxis yAxisId="share" orientation="right" domain={[0, 100]} unit="%" />
                  <Tooltip />
                  <Bar yAxisId="count" dataKey="count" name={t('dashboard.defectCount')} fill="#a3151a" />
                  <Line yAxisId="share" dataKey="cumulative" name={t('dashboard.cumulative')} stroke="#1a4f9c" />
                </ComposedChart>
              </ResponsiveContainer>
            </div>
          )}
        </Paper>
        <Paper withBorder p="md">
          <Title order={2} size="h3" mb="sm">{t('dashboard.fpyWip')}</Title>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('dashboard.line')}</Table.Th>
                <Table.Th>{t('dashboard.stage')}</Table.Th>
                <Table.Th className="lt-num">{t('dashboard.tested')}</Table.Th>
                <Table.Th className="lt-num">{t('dashboard.fpy')}</Table.Th>
                <Table.Th className="lt-num">{t('dashboard.wip')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {props.yields.flatMap((y) => {
                const wip = props.wip.find((w) => w.lineId === y.lineId);
                const stages = new Set([...y.stages.map((s) => s.stage), ...(wip?.stages.map((s) => s.stage) ?? [])]);
                return [...stages].map((stage) => {
                  const s = y.stages.find((item) => item.stage === stage);
                  return (
                    <Table.Tr key={`${y.lineId}-${stage}`}>
                      <Table.Td>{lineOf(y.lineId ?? '')?.code}</Table.Td>
                      <Table.Td>{stage}</Table.Td>
                      <Table.Td className="lt-num">{s ? fmt(s.firstTested) : '–'}</Table.Td>
                      <Table.Td className="lt-num">{s && s.firstPassYield !== null ? `${(100 * s.firstPassYield).toFixed(1)}%` : '–'}</Table.Td>
                      <Table.Td className="lt-num">{fmt(wip?.stages.find((w) => w.stage === stage)?.units ?? 0)}</Table.Td>
                    </Table.Tr>
                  );
                });
              })}
            </Table.Tbody>
          </Table>
        </Paper>
      </SimpleGrid>

      <Paper withBorder p="md">
        <Title order={2} size="h3">{t('dashboard.trend')}</Title>
        <div style={{ width: '100%', height: 260 }} role="img" aria-label={t('dashboard.trendAlt')}>
          <ResponsiveContainer>
            <LineChart data={props.trend?.days ?? []} margin={{ top: 10, right: 16, bottom: 24, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="date" reversed={rtl} tickFormatter={(d: string) => d.slice(5)} label={{ value: t('dashboard.dayAxis'), position: 'insideBottom', offset: -12 }} />
              <YAxis tickFormatter={fmt} label={{ value: t('dashboard.unitsAxis'), angle: -90, position: 'insideLeft' }} />
              <Tooltip formatter={(value) => fmt(Number(value))} />
              <Legend verticalAlign="top" />
              <Line dataKey="passed" name={t('dashboard.passed')} stroke="#0b6b2e" strokeWidth={3} />
              <Line dataKey="dailyCapacity" name={t('dashboard.capacity')} stroke="#a3151a" strokeDasharray="6 3" />
            </LineChart>
          </ResponsiveContainer>
        </div>
      </Paper>
    </>
  );
}
