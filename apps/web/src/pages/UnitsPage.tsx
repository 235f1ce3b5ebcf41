import { Alert, Anchor, Badge, Button, Group, Paper, Select, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, ok } from '../api/client';
import { useLines, usePlants, useWorkOrders } from '../api/master-data';
import { ScrollRegion } from '../components/ScrollRegion';
import type { components } from '../api/schema';
import { useFormat } from '../lib/format';
import { useExplainError } from '../api/explain-error';

type UnitStatus = components['schemas']['UnitDto']['status'];
type UnitEvent = components['schemas']['UnitEventDto'];

/** What the last event says: a hold's reason, a fail's defect codes, a rework's note. */
function eventNote(event: UnitEvent): string {
  const details = (event.details ?? {}) as { reason?: string; note?: string; defectCodes?: string[] };
  return details.reason ?? details.note ?? details.defectCodes?.join(', ') ?? '';
}

const PAGE = 50;
const STATUSES: UnitStatus[] = ['ON_HOLD', 'FAILED', 'IN_REWORK', 'ASSEMBLED', 'IN_QC', 'PASSED', 'PACKED', 'SHIPPED', 'SCRAPPED'];

/** An id from the address, or nothing when it is not one. */
const idOrEmpty = (value: string | null) => (value && /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(value) ? value : '');

/**
 * The units of a line in a status, newest first: what is on hold or failed and waiting for a
 * supervisor, say. The filters live in the address, so a list can be bookmarked.
 */
export default function UnitsPage() {
  const { t } = useTranslation();
  const explain = useExplainError();
  const [params, setParams] = useSearchParams();
  // What the address holds is checked here: a bad bookmark shows the first page of on hold.
  const lineId = idOrEmpty(params.get('line'));
  const orderId = idOrEmpty(params.get('order'));
  const asked = params.get('status') ?? 'ON_HOLD';
  const status = asked === '' || STATUSES.includes(asked as UnitStatus) ? (asked as UnitStatus | '') : 'ON_HOLD';
  const offset = Math.max(0, Math.floor(Number(params.get('offset')) || 0));
  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) next.set(key, value);
    if (!('offset' in changes)) next.delete('offset');
    setParams(next);
  };
  const lines = useLines();
  const orders = useWorkOrders();
  const plants = usePlants();
  const units = useQuery({
    queryKey: ['units', lineId, orderId, status, offset],
    refetchInterval: 30_000,
    placeholderData: keepPreviousData, // the table stays (and the focus on Next) while the next page loads
    queryFn: () => ok(api.GET('/api/units', { params: { query: { lineId: lineId || undefined, workOrderId: orderId || undefined, status: status || undefined, limit: PAGE, offset } } })),
  });
  const { number: fmt, dateTime } = useFormat();
  const plantOf = (lineId: string) => {
    const line = lines.data?.find((l) => l.id === lineId);
    return { line, plant: plants.data?.find((p) => p.id === line?.plantId) };
  };
  // Line codes repeat across plants (each has its L1): a line is named with its plant's code.
  const lineName = (id: string) => {
    const { line, plant } = plantOf(id);
    return line ? `${plant?.code ?? ''} ${line.code}`.trim() : '';
  };
  // In the plant's time, as on the unit's own page, wherever the reader is.
  const time = (at: string, lineId: string) =>
    dateTime(at, { dateStyle: 'short', timeStyle: 'short', timeZone: plantOf(lineId).plant?.timezone });
  const page = units.data;
  return (
    <Stack>
      <Title order={1}>{t('units.title')}</Title>
      <Group align="end">
        <Select label={t('units.line')} data={[{ value: '', label: t('units.allLines') }, ...(lines.data ?? []).map((l) => ({ value: l.id, label: `${lineName(l.id)} · ${l.name}` }))]} value={lineId} onChange={(v) => set({ line: v ?? '', order: '' })} allowDeselect={false} />
        <Select label={t('units.workOrder')} searchable data={[{ value: '', label: t('units.allOrders') }, ...(orders.data ?? []).filter((o) => !lineId || o.lineId === lineId).map((o) => ({ value: o.id, label: o.number }))]} value={orderId} onChange={(v) => set({ order: v ?? '' })} allowDeselect={false} />
        <Select label={t('units.status')} data={[{ value: '', label: t('units.anyStatus') }, ...STATUSES.map((s) => ({ value: s, label: t(`unitStatus.${s}`) }))]} value={status} onChange={(v) => set({ status: v ?? '' })} allowDeselect={false} />
      </Group>
      <Paper withBorder p="md">
        {units.error ? (
          <Alert color="red" role="alert">{explain(units.error)}</Alert>
        ) : !page || lines.isPending || plants.isPending ? ( // times are in the plant's zone
          <Skeleton h={160} />
        ) : page.items.length === 0 ? (
          <Group justify="space-between">
            <Text>{t('units.none')}</Text>
            {/* Past the end (rows left this status meanwhile, or an old bookmark): back to the start. */}
            {offset > 0 && <Button variant="default" onClick={() => set({ offset: '0' })}>{t('units.firstPage')}</Button>}
          </Group>
        ) : (
          <Stack>
            <ScrollRegion label={t('units.title')}>
              <Table striped highlightOnHover miw={860} data-testid="units">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('units.serial')}</Table.Th>
                    <Table.Th>{t('units.status')}</Table.Th>
                    <Table.Th>{t('units.nextStage')}</Table.Th>
                    <Table.Th>{t('units.line')}</Table.Th>
                    <Table.Th>{t('units.lastEvent')}</Table.Th>
                    <Table.Th>{t('units.registry')}</Table.Th>
                    <Table.Th>{t('units.assembled')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {page.items.map((u) => (
                    <Table.Tr key={u.id}>
                      <Table.Td><Anchor component={Link} to={`/units/${u.serialNumber}`} ff="monospace" fw={700} c="#1a4f9c">{u.serialNumber}</Anchor></Table.Td>
                      <Table.Td><Badge variant="outline" color="#1b2a3a" miw="max-content">{t(`unitStatus.${u.status}`)}</Badge></Table.Td>
                      <Table.Td>{u.nextStage ?? '–'}</Table.Td>
                      <Table.Td>{lineName(u.lineId)}</Table.Td>
                      <Table.Td>
                        {u.lastEvent && (
                          <>
                            {t(`events.${u.lastEvent.type}`, { defaultValue: u.lastEvent.type })} · {time(u.lastEvent.at, u.lineId)}
                            {eventNote(u.lastEvent) && <Text size="sm">{eventNote(u.lastEvent)}</Text>}
                          </>
                        )}
                      </Table.Td>
                      <Table.Td>{t(`registryStatus.${u.registryStatus}`)}</Table.Td>
                      <Table.Td>{time(u.assembledAt, u.lineId)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollRegion>
            <Group justify="space-between">
              <Text data-testid="units-shown">
                {t(page.totalExact ? 'units.shown' : 'units.shownAtLeast', { from: fmt(offset + 1), to: fmt(offset + page.items.length), total: fmt(page.total) })}
              </Text>
              <Group>
                <Button variant="default" disabled={offset === 0} onClick={() => set({ offset: String(Math.max(0, offset - PAGE)) })}>{t('units.previous')}</Button>
                <Button variant="default" disabled={offset + page.items.length >= page.total} onClick={() => set({ offset: String(offset + PAGE) })}>{t('units.next')}</Button>
              </Group>
            </Group>
          </Stack>
        )}
      </Paper>
    </Stack>
  );
}
