import { useState } from 'react';
import { Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../../api/client';
import type { components } from '../../api/schema';
import { changes, orNull, withoutNulls } from '../../lib/changes';
import { usePlants } from '../../api/master-data';
import { CreateForm, DataTable, editColumn, EditDialog } from './kit';

type Plant = components['schemas']['PlantDto'];
type PlantForm = { code: string; name: string; timezone: string; gs1CompanyPrefix: string };

const formOf = (p: Plant): PlantForm => ({ code: p.code, name: p.name, timezone: p.timezone, gs1CompanyPrefix: p.gs1CompanyPrefix ?? '' });
const bodyOf = (f: PlantForm) => ({ code: f.code, name: f.name, timezone: f.timezone, gs1CompanyPrefix: orNull(f.gs1CompanyPrefix) });

function PlantFields({ f, setF }: { f: PlantForm; setF: (f: PlantForm) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <TextInput label={t('admin.code')} value={f.code} onChange={(e) => setF({ ...f, code: e.currentTarget.value })} />
      <TextInput label={t('admin.name')} value={f.name} onChange={(e) => setF({ ...f, name: e.currentTarget.value })} />
      <TextInput label={t('admin.timezone')} value={f.timezone} onChange={(e) => setF({ ...f, timezone: e.currentTarget.value })} />
      <TextInput label={t('admin.gs1')} value={f.gs1CompanyPrefix} onChange={(e) => setF({ ...f, gs1CompanyPrefix: e.currentTarget.value })} />
    </>
  );
}

export default function Plants() {
  const { t } = useTranslation();
  const plants = usePlants();
  const [f, setF] = useState<PlantForm>({ code: '', name: '', timezone: 'Asia/Karachi', gs1CompanyPrefix: '' });
  const [editing, setEditing] = useState<Plant | null>(null);
  return (
    <Stack>
      <DataTable rows={plants.data} columns={[
        { title: t('admin.code'), cell: (p) => p.code },
        { title: t('admin.name'), cell: (p) => p.name },
        { title: t('admin.timezone'), cell: (p) => p.timezone },
        { title: t('admin.gs1'), cell: (p) => p.gs1CompanyPrefix },
        editColumn<Plant>((p) => p.code, setEditing),
      ]} />
      {editing && (
        <EditDialog
          title={t('admin.edit', { name: editing.code })}
          initial={formOf(editing)}
          fields={(form, setForm) => <PlantFields f={form} setF={setForm} />}
          save={(form) => ok(api.PATCH('/api/plants/{id}', { params: { path: { id: editing.id } }, body: changes(bodyOf(formOf(editing)), bodyOf(form)) }))}
          invalidate="plants"
          onClose={() => setEditing(null)}
        />
      )}
      <CreateForm title={t('admin.newPlant')} invalidate="plants" save={() => ok(api.POST('/api/plants', { body: withoutNulls(bodyOf(f)) }))}>
        <PlantFields f={f} setF={setF} />
      </CreateForm>
    </Stack>
  );
}
