import { lazy, Suspense, useMemo } from 'react';
import { Alert, Anchor, Badge, Button, Grid, Group, Paper, Progress, Select, Skeleton, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, ApiError, fetchBlobUrl, ok } from '../api/client';
import { usePlants } from '../api/master-data';
import { ScrollRegion } from '../components/ScrollRegion';
import type { components } from '../api/schema';
import { plantClock } from '../lib/shift';
import { useFormat } from '../lib/format';
import { useExplainError } from '../api/explain-error';

const Charts = lazy(() => import('./DashboardCharts'));

type DailyOutput = components['schemas']['DailyOutputDto'];
type LineOutput = components['schemas']['LineOutput'];

const REFRESH_MS = 10_000;

/**
 * The plant's day at the morning meeting. Its figures come from the daily-output report
 * (the same numbers as GET /api/reports/daily-output); FPY per stage and WIP from the
 * quality reports, the backlog from the registry. Polls every 10 s.
 */
export default function Dashboard() {
  const { t } = useTranslation();
  const explain = useExplainError();
  const [params, setParams] = useSearchParams();
  const format = useFormat();
  const number = (value: number | undefined | null, digits = 0) => format.number(value, digits);

  const plants = usePlants();
  const plantCode = params.get('plant') ?? plants.data?.[0]?.code ?? '';
  const plant = plants.data?.find((item) => item.code === plantCode);
  const today = plant ? plantClock(new Date(), plant.timezone).date : '';
  const date = params.get('date') ?? today;
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const daily = useQuery({
    queryKey: ['daily-output', plant?.id, date],
    enabled: !!plant && !!date,
    refetchInterval: REFRESH_MS,
    queryFn: () => ok(api.GET('/api/reports/daily-output', { params: { query: { plantId: plant!.id, date } } })),
  });
  const lines = useQuery({
    queryKey: ['lines', plant?.id],
    enabled: !!plant,
    queryFn: async () => (await ok(api.GET('/api/lines', { params: { query: { plantId: plant!.id, limit: 100 } } }))).items,
  });
  const from = daily.data?.from;
  const to = daily.data?.to;
  const yields = useQuery({
    queryKey: ['yield', plant?.id, from, to, lines.data?.map((line) => line.id).join()],
    enabled: !!from && !!lines.data,
    refetchInterval: REFRESH_MS,
    queryFn: () => Promise.all(lines.data!.map((line) => ok(api.GET('/api/quality/yield', { params: { query: { lineId: line.id, from, to } } })))),
  });
  const wip = useQuery({
    queryKey: ['wip', plant?.id, lines.data?.map((line) => line.id).join()],
    enabled: !!lines.data,
    refetchInterval: REFRESH_MS,
    queryFn: () => Promise.all(lines.data!.map((line) => ok(api.GET('/api/quality/wip', { params: { query: { lineId: line.id } } })))),
  });
  const backlog = useQuery({
    queryKey: ['registry-backlog'],
    refetchInterval: REFRESH_MS,
    retry: false,
    queryFn: () => ok(api.GET('/api/registry/backlog')),
  });
  const trendFrom = date ? shiftDate(date, -29) : '';
  const trend = useQuery({
    queryKey: ['output-trend', plant?.id, trendFrom, date],
    enabled: !!plant && !!date,
    refetchInterval: 60_000,
    queryFn: () => ok(api.GET('/api/reports/output', { params: { query: { plantId: plant!.id, from: trendFrom, to: date } } })),
  });

  const whole = useMemo(() => (daily.data ? plantTotals(daily.data) : null), [daily.data]);
  const error = (daily.error ?? plants.error) as ApiError | null;

  const downloadCsv = async () => {
    const url = await fetchBlobUrl(`/api/reports/output?plantId=${plant!.id}&from=${trendFrom}&to=${date}&format=csv`);
    const link = document.createElement('a');
    link.href = url;
    link.download = `output-${plantCode}-${trendFrom}-${date}.csv`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={1}>{t('dashboard.title', { plant: plant?.name ?? plantCode })}</Title>
        <Group>
          <Select
            label={t('dashboard.plant')}
            data={(plants.data ?? []).map((item) => ({ value: item.code, label: `${item.code} · ${item.name}` }))}
            value={plantCode || null}
            onChange={(value) => set('plant', value)}
            w={220}
          />
          <TextInput label={t('dashboard.date')} type="date" value={date} onChange={(event) => set('date', event.currentTarget.value || null)} w={180} />
        </Group>
      </Group>
      {error && <Alert color="red" role="alert">{explain(error)}</Alert>}
      {plants.data && plants.data.length === 0 && <Alert>{t('dashboard.noPlants')}</Alert>}

      <Paper withBorder p="md">
        <Title order={2} size="h3" mb="sm">{t('dashboard.attainment')}</Title>
        {!daily.data ? (
          <Skeleton h={120} />
        ) : (
          <Stack gap="sm" data-testid="attainment">
            {[...daily.data.lines.map((line) => ({ key: line.lineId, name: `${line.lineCode} · ${line.lineName}`, figures: line as LineOutput | typeof whole })), { key: 'plant', name: t('dashboard.wholePlant'), figures: whole }].map(({ key, name, figures }) => {
              const pct = figures?.attainmentPct ?? (figures?.dailyCapacity ? (100 * figures.passed) / figures.dailyCapacity : 0);
              const behind = pct < expectedPct(date, today, plant?.timezone);
              return (
                <div key={key} data-line={key}>
                  <Group justify="space-between" wrap="nowrap">
                    <Text fw={700} size="lg">{name}</Text>
                    <Text size="xl" fw={800} className="lt-num" data-testid={`passed-${key}`}>
                      {number(figures?.passed)} / {number(figures?.dailyCapacity)} · {number(pct, 1)}%
                      {behind && <Badge ms="sm" color="#a3151a" size="lg">▼ {t('dashboard.behind')}</Badge>}
                    </Text>
                  </Group>
                  <Progress value={Math.min(100, pct)} size={28} color={behind ? '#a3151a' : '#0b6b2e'} aria-label={t('dashboard.attainmentOf', { name })} />
                </div>
              );
            })}
          </Stack>
        )}
      </Paper>

      {/* The shift table has seven columns: the wider share, so it fits beside the registry. */}
      <Grid>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Paper withBorder p="md" h="100%">
            <Title order={2} size="h3" mb="sm">{t('dashboard.shifts')}</Title>
            {!daily.data ? (
              <Skeleton h={160} />
            ) : (
              <ScrollRegion label={t('dashboard.shifts')}>
                <Table striped miw={520}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('dashboard.line')}</Table.Th>
                      <Table.Th>{t('dashboard.shift')}</Table.Th>
                      {(['assembled', 'passed', 'packed', 'shipped', 'scrapped'] as const).map((col) => (
                        <Table.Th key={col} className="lt-num">{t(`dashboard.${col}`)}</Table.Th>
                      ))}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {daily.data.lines.flatMap((line) =>
                      line.shifts.map((shift) => (
                        <Table.Tr key={`${line.lineId}-${shift.name}`}>
                          <Table.Td>{line.lineCode}</Table.Td>
                          <Table.Td>
                            {shift.name}
                            <Text size="sm" style={{ whiteSpace: 'nowrap' }}><span dir="ltr">{shift.start}–{shift.end}</span></Text>
                          </Table.Td>
                          {(['assembled', 'passed', 'packed', 'shipped', 'scrapped'] as const).map((col) => (
                            <Table.Td key={col} className="lt-num">{number(shift[col])}</Table.Td>
                          ))}
                        </Table.Tr>
                      )),
                    )}
                  </Table.Tbody>
                </Table>
              </ScrollRegion>
            )}
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Paper withBorder p="md" h="100%">
            <Title order={2} size="h3" mb="sm">{t('dashboard.registry')}</Title>
            <Group grow>
              <Figure label={t('dashboard.registered')} value={number(whole?.registry.registered)} />
              <Figure label={t('dashboard.pending')} value={number(whole?.registry.pending)} />
              <Figure label={t('dashboard.rejected')} value={number(whole?.registry.rejected)} tone={whole?.registry.rejected ? 'bad' : undefined} />
            </Group>
            <Text mt="sm" size="lg">
              {backlog.data
                ? t('dashboard.oldestPending', { age: formatAge(backlog.data.oldestPendingAgeSeconds as number | null, t) })
                : backlog.isError
                  ? t('dashboard.backlogUnavailable')
                  : ''}
            </Text>
            {backlog.data && (
              <Text size="md">{t('dashboard.registeredLastHour', { count: backlog.data.registeredLastHour, failed: backlog.data.failedSubmissions })}</Text>
            )}
          </Paper>
        </Grid.Col>
      </Grid>

      <Suspense fallback={<Skeleton h={320} />}>
        <Charts
          daily={daily.data}
          lines={lines.data ?? []}
          yields={yields.data ?? []}
          wip={wip.data ?? []}
          trend={trend.data}
        />
      </Suspense>
      <Group>
        <Button variant="default" onClick={() => void downloadCsv()} disabled={!plant}>
          {t('dashboard.downloadCsv')}
        </Button>
        <Anchor href="/api/docs" c="#1a4f9c">{t('dashboard.apiDocs')}</Anchor>
      </Group>
    </Stack>
  );
}

function Figure({ label, value, tone }: { label: string; value: string; tone?: 'bad' }) {
  return (
    <Paper withBorder p="sm" bg={tone === 'bad' ? '#fde8e8' : undefined}>
      <Text size="md">{label}</Text>
      <Text size="28px" fw={800} className="lt-num">{tone === 'bad' ? '⚠ ' : ''}{value}</Text>
    </Paper>
  );
}

function plantTotals(daily: DailyOutput) {
  const sum = (pick: (line: LineOutput) => number) => daily.lines.reduce((total, line) => total + pick(line), 0);
  const passed = sum((line) => line.passed);
  const dailyCapacity = sum((line) => line.dailyCapacity);
  return {
    passed,
    dailyCapacity,
    attainmentPct: dailyCapacity ? (100 * passed) / dailyCapacity : undefined,
    registry: {
      registered: sum((line) => line.registry.registered),
      pending: sum((line) => line.registry.pending),
      rejected: sum((line) => line.registry.rejected),
    },
  };
}

/** Share of the day gone (today) or 100% (a past day): below it, a line is behind its rate. */
function expectedPct(date: string, today: string, timeZone = 'UTC'): number {
  if (!date || date < today) return 100;
  if (date > today) return 0;
  return (plantClock(new Date(), timeZone).minutes / (24 * 60)) * 100 * 0.9;
}

function shiftDate(date: string, days: number): string {
  const day = new Date(`${date}T12:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

function formatAge(seconds: number | null, t: (key: string, options?: Record<string, unknown>) => string): string {
  if (seconds === null || seconds === undefined) return t('dashboard.none');
  if (seconds < 3600) return t('dashboard.minutes', { count: Math.round(seconds / 60) });
  return t('dashboard.hours', { count: Math.round(seconds / 360) / 10 });
}
