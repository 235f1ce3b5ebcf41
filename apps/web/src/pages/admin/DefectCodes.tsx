import { useState } from 'react';
import { Button, Group, Stack, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ok } from '../../api/client';
import type { components } from '../../api/schema';
import { changes, orNull, withoutNulls } from '../../lib/changes';
import { CreateForm, DataTable, editColumn, EditDialog } from './kit';

type DefectCode = components['schemas']['DefectCodeDto'];
type DefectForm = { code: string; description: string; stage: string };

const formOf = (c: DefectCode): DefectForm => ({ code: c.code, description: c.description, stage: c.stage ?? '' });
const bodyOf = (f: DefectForm) => ({ code: f.code, description: f.description, stage: orNull(f.stage) });

function DefectFields({ f, setF }: { f: DefectForm; setF: (f: DefectForm) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <TextInput label={t('admin.code')} value={f.code} onChange={(e) => setF({ ...f, code: e.currentTarget.value.toUpperCase() })} />
      <TextInput label={t('admin.description')} value={f.description} onChange={(e) => setF({ ...f, description: e.currentTarget.value })} />
      <TextInput label={t('admin.stage')} description={t('admin.stageHelp')} value={f.stage} onChange={(e) => setF({ ...f, stage: e.currentTarget.value.toUpperCase() })} />
    </>
  );
}

export default function DefectCodes() {
  const { t } = useTranslation();
  const codes = useQuery({ queryKey: ['defect-codes'], queryFn: async () => (await ok(api.GET('/api/defect-codes', { params: { query: { limit: 500 } } }))).items });
  const [f, setF] = useState<DefectForm>({ code: '', description: '', stage: '' });
  const [editing, setEditing] = useState<DefectCode | null>(null);
  return (
    <Stack>
      <Group><Button component={Link} to="/admin/defect-codes/sheet" variant="default">{t('admin.printSheet')}</Button></Group>
      <DataTable rows={codes.data} columns={[
        { title: t('admin.code'), cell: (c) => c.code },
        { title: t('admin.description'), cell: (c) => c.description },
        { title: t('admin.stage'), cell: (c) => c.stage ?? t('admin.anyStage') },
        editColumn<DefectCode>((c) => c.code, setEditing),
      ]} />
      {editing && (
        <EditDialog
          title={t('admin.edit', { name: editing.code })}
          initial={formOf(editing)}
          fields={(form, setForm) => <DefectFields f={form} setF={setForm} />}
          save={(form) => ok(api.PATCH('/api/defect-codes/{id}', { params: { path: { id: editing.id } }, body: changes(bodyOf(formOf(editing)), bodyOf(form)) }))}
          invalidate="defect-codes"
          onClose={() => setEditing(null)}
        />
      )}
      <CreateForm title={t('admin.newDefect')} invalidate="defect-codes" save={() => ok(api.POST('/api/defect-codes', { body: withoutNulls(bodyOf(f)) }))}>
        <DefectFields f={f} setF={setF} />
      </CreateForm>
    </Stack>
  );
}
