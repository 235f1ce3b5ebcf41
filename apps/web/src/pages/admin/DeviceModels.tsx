import { useState } from 'react';
import { ActionIcon, Alert, Button, FileInput, Group, MultiSelect, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError, ok } from '../../api/client';
import type { components } from '../../api/schema';
import { changes, orNull, withoutNulls } from '../../lib/changes';
import { getSession } from '../../auth/session';
import { useModels } from '../../api/master-data';
import { CreateForm, DataTable, editColumn, EditDialog, Problem } from './kit';
import { useFormat } from '../../lib/format';

type DeviceModel = components['schemas']['DeviceModelDto'];
type ModelForm = {
  brand: string; name: string; modelNumber: string; deviceType: string; technologies: string[]; imeisPerDevice: string;
  typeApprovalNumber: string; operatingSystem: string; route: string[]; tacs: string;
};

const formOf = (m: DeviceModel): ModelForm => ({
  brand: m.brand, name: m.name, modelNumber: m.modelNumber, deviceType: m.deviceType, technologies: m.technologies, imeisPerDevice: String(m.imeisPerDevice),
  typeApprovalNumber: m.typeApprovalNumber ?? '', operatingSystem: m.operatingSystem ?? '', route: m.route, tacs: m.tacs.join(', '),
});
const bodyOf = (f: ModelForm) => ({
  brand: f.brand, name: f.name, modelNumber: f.modelNumber, deviceType: f.deviceType as DeviceModel['deviceType'], technologies: f.technologies as DeviceModel['technologies'],
  imeisPerDevice: Number(f.imeisPerDevice) as 1 | 2, typeApprovalNumber: orNull(f.typeApprovalNumber), operatingSystem: orNull(f.operatingSystem),
  route: f.route, tacs: f.tacs.split(/[\s,]+/).filter(Boolean),
});

/** The route editor: the stages in order, each movable and removable. */
function RouteEditor({ value, onChange }: { value: string[]; onChange: (route: string[]) => void }) {
  const { t } = useTranslation();
  const [stage, setStage] = useState('');
  const move = (i: number, by: number) => {
    const next = [...value];
    [next[i], next[i + by]] = [next[i + by], next[i]];
    onChange(next);
  };
  return (
    <Stack gap={4}>
      <Text fw={600} size="sm">{t('admin.route')}</Text>
      <ol style={{ margin: 0, paddingInlineStart: 20 }} data-testid="route">
        {value.map((s, i) => (
          <li key={`${s}-${i}`}>
            <Group gap={4}>
              <Text span ff="monospace">{s}</Text>
              <ActionIcon variant="default" size="sm" aria-label={t('admin.moveUp', { stage: s })} disabled={i === 0} onClick={() => move(i, -1)}>↑</ActionIcon>
              <ActionIcon variant="default" size="sm" aria-label={t('admin.moveDown', { stage: s })} disabled={i === value.length - 1} onClick={() => move(i, 1)}>↓</ActionIcon>
              <ActionIcon variant="default" size="sm" aria-label={t('admin.removeStage', { stage: s })} onClick={() => onChange(value.filter((_, j) => j !== i))}>×</ActionIcon>
            </Group>
          </li>
        ))}
      </ol>
      <Group gap={4} align="end">
        <TextInput label={t('admin.addStage')} value={stage} onChange={(e) => setStage(e.currentTarget.value.toUpperCase())} onKeyDown={(e) => { if (e.key === 'Enter' && stage) { e.preventDefault(); onChange([...value, stage]); setStage(''); } }} />
        <Button variant="default" onClick={() => { if (stage) { onChange([...value, stage]); setStage(''); } }}>{t('admin.add')}</Button>
      </Group>
    </Stack>
  );
}

function ModelFields({ f, setF }: { f: ModelForm; setF: (f: ModelForm) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <TextInput label={t('admin.brand')} value={f.brand} onChange={(e) => setF({ ...f, brand: e.currentTarget.value })} />
      <TextInput label={t('admin.name')} value={f.name} onChange={(e) => setF({ ...f, name: e.currentTarget.value })} />
      <TextInput label={t('admin.modelNumber')} value={f.modelNumber} onChange={(e) => setF({ ...f, modelNumber: e.currentTarget.value })} />
      <Select label={t('admin.deviceType')} data={['Smartphone', 'Feature phone', 'Tablet', 'Other']} value={f.deviceType} onChange={(v) => setF({ ...f, deviceType: v ?? 'Smartphone' })} />
      <MultiSelect label={t('admin.technologies')} data={['2G', '3G', '4G', '5G']} value={f.technologies} onChange={(v) => setF({ ...f, technologies: v })} />
      <Select label={t('admin.imeisPerDevice')} data={['1', '2']} value={f.imeisPerDevice} onChange={(v) => setF({ ...f, imeisPerDevice: v ?? '2' })} />
      <TextInput label={t('admin.typeApproval')} value={f.typeApprovalNumber} onChange={(e) => setF({ ...f, typeApprovalNumber: e.currentTarget.value })} />
      <TextInput label={t('admin.os')} value={f.operatingSystem} onChange={(e) => setF({ ...f, operatingSystem: e.currentTarget.value })} />
      <TextInput label={t('admin.tacs')} description={t('admin.tacsHelp')} value={f.tacs} onChange={(e) => setF({ ...f, tacs: e.currentTarget.value })} />
      <RouteEditor value={f.route} onChange={(route) => setF({ ...f, route })} />
    </>
  );
}

function ImeiPools({ modelId }: { modelId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const pools = useQuery({ queryKey: ['pools', modelId], queryFn: () => ok(api.GET('/api/device-models/{id}/imei-pools', { params: { path: { id: modelId } } })) });
  const [file, setFile] = useState<File | null>(null);
  const upload = useMutation({
    mutationFn: async () => {
      const form = new FormData();
      form.append('file', file!);
      const response = await fetch(`/api/device-models/${modelId}/imei-pools/csv`, { method: 'POST', body: form, headers: { Authorization: `Bearer ${getSession()?.token ?? ''}` } });
      const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      if (!response.ok) throw new ApiError(response.status, String(body.title ?? ''), String(body.detail ?? response.statusText), body);
      return body;
    },
    onSuccess: () => void client.invalidateQueries({ queryKey: ['pools', modelId] }),
  });
  const { number: n } = useFormat();
  const p = pools.data;
  return (
    <Paper withBorder p="md" data-testid="imei-pools">
      <Title order={2} size="h3">{t('admin.imeiPools')}</Title>
      {p && (
        <>
          <Text size="lg" fw={700} data-testid="pool-remaining">{t('admin.remaining', { remaining: n(p.remaining), size: n(p.size) })}</Text>
          {p.warning ? <Alert color="yellow" mt="xs">⚠ {String(p.warning)}</Alert> : p.remaining < p.lowStockThreshold && <Alert color="yellow" mt="xs">⚠ {t('admin.lowStock', { threshold: n(p.lowStockThreshold) })}</Alert>}
          <DataTable rows={p.pools} columns={[
            { title: t('admin.kind'), cell: (x) => x.kind },
            { title: t('admin.tacs'), cell: (x) => x.tac ?? '–' },
            { title: t('admin.size'), cell: (x) => n(x.size), num: true },
            { title: t('admin.issued'), cell: (x) => n(x.issued), num: true },
            { title: t('admin.remainingCol'), cell: (x) => n(x.remaining), num: true },
          ]} />
        </>
      )}
      <Group align="end" mt="sm">
        <FileInput label={t('admin.csv')} accept=".csv,text/csv,text/plain" value={file} onChange={setFile} w={320} clearable clearButtonProps={{ 'aria-label': t('admin.clearFile') }} />
        <Button disabled={!file} loading={upload.isPending} onClick={() => upload.mutate()}>{t('admin.upload')}</Button>
      </Group>
      <Problem error={upload.error} />
      {upload.isSuccess && <Alert color="green" mt="xs">{t('admin.uploaded')}</Alert>}
    </Paper>
  );
}

export default function DeviceModels() {
  const { t } = useTranslation();
  const models = useModels();
  const [open, setOpen] = useState<string | null>(null);
  const [editing, setEditing] = useState<DeviceModel | null>(null);
  const [f, setF] = useState<ModelForm>({ brand: '', name: '', modelNumber: '', deviceType: 'Smartphone', technologies: ['2G', '3G', '4G'], imeisPerDevice: '2', typeApprovalNumber: '', operatingSystem: '', route: ['FUNCTIONAL', 'RF', 'FINAL_QC'], tacs: '' });
  return (
    <Stack>
      <DataTable testId="device-models" rows={models.data} columns={[
        { title: t('admin.model'), cell: (m) => `${m.brand} ${m.name} (${m.modelNumber})` },
        { title: t('admin.tacs'), cell: (m) => m.tacs.join(', ') },
        { title: t('admin.typeApproval'), cell: (m) => m.typeApprovalNumber ?? '–' },
        { title: t('admin.route'), cell: (m) => m.route.join(' → ') },
        { title: t('admin.imeiPools'), cell: (m) => <Button size="xs" variant="default" onClick={() => setOpen(open === m.id ? null : m.id)}>{t('admin.pools')}</Button> },
        editColumn<DeviceModel>((m) => `${m.brand} ${m.name}`, setEditing),
      ]} />
      {open && <ImeiPools modelId={open} />}
      {editing && (
        <EditDialog
          title={t('admin.edit', { name: `${editing.brand} ${editing.name}` })}
          initial={formOf(editing)}
          fields={(form, setForm) => <ModelFields f={form} setF={setForm} />}
          save={(form) => ok(api.PATCH('/api/device-models/{id}', { params: { path: { id: editing.id } }, body: changes(bodyOf(formOf(editing)), bodyOf(form)) }))}
          invalidate="device-models"
          onClose={() => setEditing(null)}
        />
      )}
      <CreateForm title={t('admin.newModel')} invalidate="device-models" save={() => ok(api.POST('/api/device-models', { body: withoutNulls(bodyOf(f)) }))} onDone={(m) => setOpen((m as { id: string }).id)}>
        <ModelFields f={f} setF={setF} />
      </CreateForm>
    </Stack>
  );
}
