import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Group, MultiSelect, NumberInput, Paper, Progress, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, ok } from '../../api/client';
import { useModels, usePlants } from '../../api/master-data';
import { useFormat } from '../../lib/format';
import { useExplainError } from '../../api/explain-error';

const AQLS = ['0.065', '0.1', '0.15', '0.25', '0.4', '0.65', '1', '1.5', '2.5', '4', '6.5'];

/** Export lots: the list with progress, and a form to create one. */
export default function LotsPage() {
  const { t } = useTranslation();
  const explain = useExplainError();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { number: fmt } = useFormat();
  const lots = useQuery({ queryKey: ['lots'], refetchInterval: 15_000, queryFn: () => ok(api.GET('/api/export-lots', { params: { query: { limit: 100 } } })) });
  const plants = usePlants();
  const models = useModels();
  const [form, setForm] = useState({ plantId: '', destinationCountry: '', consignee: '', plannedQuantity: 100, deviceModelIds: [] as string[], aql: '0.65' });
  const create = useMutation({
    mutationFn: () =>
      ok(api.POST('/api/export-lots', { body: { ...form, destinationCountry: form.destinationCountry.toUpperCase(), aql: Number(form.aql) as never, requiresRegistration: true } })),
    onSuccess: (lot) => {
      void client.invalidateQueries({ queryKey: ['lots'] });
      void navigate(`/lots/${lot.id}`);
    },
  });

  return (
    <Stack>
      <Title order={1}>{t('lots.title')}</Title>
      <Paper withBorder p="md">
        {lots.error && <Alert color="red" role="alert">{explain(lots.error)}</Alert>}
        {lots.data && lots.data.items.length === 0 && <Text>{t('lots.noLots')}</Text>}
        {lots.data && lots.data.items.length > 0 && (
          <Table striped highlightOnHover data-testid="lots">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('lots.number')}</Table.Th>
                <Table.Th>{t('lots.destination')}</Table.Th>
                <Table.Th>{t('lots.consignee')}</Table.Th>
                <Table.Th>{t('lots.status')}</Table.Th>
                <Table.Th className="lt-num">{t('lots.progress')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {lots.data.items.map((lot) => (
                <Table.Tr key={lot.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/lots/${lot.id}`} fw={700} c="#1a4f9c">{lot.number}</Anchor>
                  </Table.Td>
                  <Table.Td>{lot.destinationCountry}</Table.Td>
                  <Table.Td>{lot.consignee}</Table.Td>
                  <Table.Td><Badge variant="outline" color="#1b2a3a" miw="max-content">{t(`lotStatus.${lot.status}`)}</Badge></Table.Td>
                  <Table.Td className="lt-num" miw={200}>
                    {fmt(lot.packedUnits)} / {fmt(lot.plannedQuantity)}
                    <Progress value={lot.plannedQuantity ? (100 * lot.packedUnits) / lot.plannedQuantity : 0} aria-label={t('lots.progress')} color="#0b6b2e" />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      <Paper withBorder p="md" component="form" onSubmit={(event) => { event.preventDefault(); create.mutate(); }}>
        <Title order={2} size="h3" mb="sm">{t('lots.create')}</Title>
        {create.error && <Alert color="red" role="alert" mb="sm">{explain(create.error)}</Alert>}
        <SimpleGrid cols={{ base: 1, md: 3 }}>
          <Select label={t('lots.plant')} data={(plants.data ?? []).map((p) => ({ value: p.id, label: `${p.code} · ${p.name}` }))} value={form.plantId || null} onChange={(v) => setForm({ ...form, plantId: v ?? '' })} />
          <TextInput label={t('lots.destination')} maxLength={2} value={form.destinationCountry} onChange={(e) => setForm({ ...form, destinationCountry: e.currentTarget.value })} />
          <TextInput label={t('lots.consignee')} value={form.consignee} onChange={(e) => setForm({ ...form, consignee: e.currentTarget.value })} />
          <NumberInput label={t('lots.planned')} min={1} value={form.plannedQuantity} onChange={(v) => setForm({ ...form, plannedQuantity: Number(v) || 0 })} thousandSeparator="," />
          <MultiSelect label={t('lots.models')} data={(models.data ?? []).map((m) => ({ value: m.id, label: `${m.brand} ${m.name}` }))} value={form.deviceModelIds} onChange={(v) => setForm({ ...form, deviceModelIds: v })} />
          <Select label={t('lots.aql')} data={AQLS} value={form.aql} onChange={(v) => setForm({ ...form, aql: v ?? '0.65' })} />
        </SimpleGrid>
        <Group mt="md">
          <Button type="submit" size="md" loading={create.isPending}>{t('lots.create')}</Button>
        </Group>
      </Paper>
    </Stack>
  );
}
