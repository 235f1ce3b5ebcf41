import { useState } from 'react';
import { Alert, Badge, Button, Group, Paper, SimpleGrid, Skeleton, Stack, Text, Timeline, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, ApiError, fetchBlobUrl, ok } from '../api/client';
import { usePlants } from '../api/master-data';
import { eventDetailParts } from '../lib/event-details';
import { useFormat } from '../lib/format';
import { useExplainError } from '../api/explain-error';

/** A unit: status, registry status, IMEIs, route progress, the whole history, its label. */
export default function UnitPage() {
  const { ref = '' } = useParams();
  const { t } = useTranslation();
  const explain = useExplainError();
  const [labelError, setLabelError] = useState<string | null>(null);
  const unit = useQuery({ queryKey: ['unit', ref], queryFn: () => ok(api.GET('/api/units/{ref}', { params: { path: { ref } } })) });
  const plants = usePlants();
  const u = unit.data;
  const timeZone = plants.data?.find((p) => p.code === u?.plantCode)?.timezone;
  const format = useFormat();
  const when = (at: string) => format.dateTime(at, { dateStyle: 'medium', timeStyle: 'medium', timeZone });

  if (unit.error) {
    const error = unit.error as ApiError;
    return <Alert color="red" role="alert" title={ref}>{error.status === 404 ? t('unit.notFound', { ref }) : explain(error)}</Alert>;
  }
  if (!u) return <Skeleton h={300} />;
  const next = u.nextStage;
  const nextIndex = next ? u.route.indexOf(next) : ['PASSED', 'PACKED', 'SHIPPED'].includes(u.status) ? u.route.length : -1;
  const openLabel = async () => {
    try {
      setLabelError(null);
      window.open(await fetchBlobUrl(`/api/units/${encodeURIComponent(u.serialNumber)}/label?format=pdf`), '_blank');
    } catch (error) {
      setLabelError(explain(error));
    }
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} dir="ltr">{u.serialNumber}</Title>
        <Button onClick={() => void openLabel()}>{t('unit.reprint')}</Button>
      </Group>
      {labelError && <Alert color="red" role="alert">{labelError}</Alert>}
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <Paper withBorder p="md">
          <Text>{t('unit.model')}</Text>
          <Text size="xl" fw={700}>{u.brand} {u.modelName}</Text>
          <Text>{t('unit.workOrder')}: {u.workOrderNumber} · {u.plantCode} {u.lineCode}</Text>
        </Paper>
        <Paper withBorder p="md">
          <Text>{t('unit.status')}</Text>
          <Text size="xl" fw={700} data-testid="unit-status">{t(`unitStatus.${u.status}`)}</Text>
          <Text>{t('unit.registry')}: <b>{t(`registryStatus.${u.registryStatus}`)}</b> {u.registryReason ?? ''}</Text>
        </Paper>
        <Paper withBorder p="md">
          <Text>{t('unit.imeis')}</Text>
          {u.imeis.map((imei) => <Text key={imei} size="lg" ff="monospace" dir="ltr" fw={700}>{imei}</Text>)}
        </Paper>
      </SimpleGrid>
      <Paper withBorder p="md">
        <Title order={2} size="h3" mb="sm">{t('unit.route')}</Title>
        <Group gap="xs">
          {u.route.map((stage, index) => {
            const state = nextIndex === -1 ? 'todo' : index < nextIndex ? 'done' : index === nextIndex ? 'next' : 'todo';
            return (
              <Badge key={stage} size="xl" radius="sm" variant={state === 'next' ? 'filled' : 'outline'} color={state === 'done' ? '#0b6b2e' : state === 'next' ? '#1a4f9c' : '#4a535c'} styles={{ label: { textTransform: 'none' } }}>
                {stage} {state === 'done' ? '✔' : state === 'next' ? '●' : '○'} <span className="lt-skip">{t(`station.stageState.${state}`)}</span>
              </Badge>
            );
          })}
        </Group>
      </Paper>
      <Paper withBorder p="md">
        <Title order={2} size="h3" mb="sm">{t('unit.history')}</Title>
        <Timeline bulletSize={20} lineWidth={2} active={u.history.length}>
          {[...u.history].reverse().map((event, index) => {
            const details = eventDetailParts(event.details as Record<string, unknown> | null, t, when);
            return (
              <Timeline.Item key={index} title={`${t(`events.${event.type}`, { defaultValue: event.type })}${event.stage ? ` · ${event.stage}` : ''}`}>
                <Text size="sm">{when(event.at)} · {event.actor}</Text>
                {details.length > 0 && <Text size="sm">{details.join(' · ')}</Text>}
              </Timeline.Item>
            );
          })}
        </Timeline>
      </Paper>
    </Stack>
  );
}
