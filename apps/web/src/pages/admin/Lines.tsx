import { useState } from 'react';
import { NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../../api/client';
import type { components } from '../../api/schema';
import { formatShifts, parseShifts } from '../../lib/shift';
import { changes } from '../../lib/changes';
import { useLines, usePlants } from '../../api/master-data';
import { CreateForm, DataTable, editColumn, EditDialog } from './kit';
import { useFormat } from '../../lib/format';

type Line = components['schemas']['LineDto'];
type LineForm = { plantId: string; code: string; name: string; dailyCapacity: number; shifts: string };

const formOf = (l: Line): LineForm => ({ plantId: l.plantId, code: l.code, name: l.name, dailyCapacity: l.dailyCapacity, shifts: formatShifts(l.shifts) });
/** A line stays in its plant: the plant is chosen once, when the line is created. */
const bodyOf = (f: LineForm) => ({ code: f.code, name: f.name, dailyCapacity: f.dailyCapacity, shifts: parseShifts(f.shifts) });

function LineFields({ f, setF }: { f: LineForm; setF: (f: LineForm) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <TextInput label={t('admin.code')} value={f.code} onChange={(e) => setF({ ...f, code: e.currentTarget.value })} />
      <TextInput label={t('admin.name')} value={f.name} onChange={(e) => setF({ ...f, name: e.currentTarget.value })} />
      <NumberInput label={t('admin.capacity')} value={f.dailyCapacity} onChange={(v) => setF({ ...f, dailyCapacity: Number(v) || 0 })} thousandSeparator="," />
      <TextInput label={t('admin.shifts')} description={t('admin.shiftsHelp')} value={f.shifts} onChange={(e) => setF({ ...f, shifts: e.currentTarget.value })} />
    </>
  );
}

export default function Lines() {
  const { t } = useTranslation();
  const format = useFormat();
  const lines = useLines();
  const plants = usePlants();
  const [f, setF] = useState<LineForm>({ plantId: '', code: '', name: '', dailyCapacity: 3000, shifts: 'A 06:00-14:00, B 14:00-22:00, C 22:00-06:00' });
  const [editing, setEditing] = useState<Line | null>(null);
  return (
    <Stack>
      <DataTable rows={lines.data} columns={[
        { title: t('admin.plant'), cell: (l) => plants.data?.find((p) => p.id === l.plantId)?.code },
        { title: t('admin.code'), cell: (l) => l.code },
        { title: t('admin.name'), cell: (l) => l.name },
        { title: t('admin.capacity'), cell: (l) => format.number(l.dailyCapacity), num: true },
        { title: t('admin.shifts'), cell: (l) => l.shifts.map((s) => `${s.name} ${s.start}–${s.end}`).join(', ') },
        editColumn<Line>((l) => l.code, setEditing),
      ]} />
      {editing && (
        <EditDialog
          title={t('admin.edit', { name: editing.code })}
          initial={formOf(editing)}
          fields={(form, setForm) => <LineFields f={form} setF={setForm} />}
          save={(form) => ok(api.PATCH('/api/lines/{id}', { params: { path: { id: editing.id } }, body: changes(bodyOf(formOf(editing)), bodyOf(form)) }))}
          invalidate="lines"
          onClose={() => setEditing(null)}
        />
      )}
      <CreateForm title={t('admin.newLine')} invalidate="lines" save={() => ok(api.POST('/api/lines', { body: { plantId: f.plantId, ...bodyOf(f) } }))}>
        <Select label={t('admin.plant')} data={(plants.data ?? []).map((p) => ({ value: p.id, label: p.code }))} value={f.plantId || null} onChange={(v) => setF({ ...f, plantId: v ?? '' })} />
        <LineFields f={f} setF={setF} />
      </CreateForm>
    </Stack>
  );
}
