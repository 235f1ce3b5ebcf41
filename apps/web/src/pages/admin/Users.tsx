import { useState } from 'react';
import { Checkbox, PasswordInput, Select, Stack, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../../api/client';
import type { components } from '../../api/schema';
import { useSession } from '../../auth/session';
import { changes } from '../../lib/changes';
import { CreateForm, DataTable, editColumn, EditDialog } from './kit';

type User = components['schemas']['UserDto'];
type UserForm = { email: string; name: string; role: User['role']; password: string; active: boolean };

const ROLES = ['ADMIN', 'MANAGER', 'SUPERVISOR', 'LOGISTICS'] as const;
const formOf = (u: User): UserForm => ({ email: u.email, name: u.name, role: u.role, password: '', active: u.active });

/**
 * A user's fields; on an edit, an empty password keeps the current one, and `active` may
 * change. Your own role and active flag are another administrator's to change (the API refuses).
 */
function UserFields({ f, setF, editing, self }: { f: UserForm; setF: (f: UserForm) => void; editing?: boolean; self?: boolean }) {
  const { t } = useTranslation();
  const ownAccess = self ? t('admin.ownAccess') : undefined;
  return (
    <>
      <TextInput label={t('admin.email')} value={f.email} onChange={(e) => setF({ ...f, email: e.currentTarget.value })} />
      <TextInput label={t('admin.name')} value={f.name} onChange={(e) => setF({ ...f, name: e.currentTarget.value })} />
      <Select label={t('admin.role')} data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} value={f.role} onChange={(v) => setF({ ...f, role: (v ?? f.role) as User['role'] })} disabled={self} description={ownAccess} />
      <PasswordInput label={t('admin.password')} description={editing ? t('admin.passwordKeep') : undefined} value={f.password} onChange={(e) => setF({ ...f, password: e.currentTarget.value })} visibilityToggleButtonProps={{ 'aria-label': t('signIn.showPassword') }} />
      {editing && <Checkbox label={t('admin.active')} checked={f.active} onChange={(e) => setF({ ...f, active: e.currentTarget.checked })} disabled={self} description={ownAccess} />}
    </>
  );
}

export default function Users() {
  const { t } = useTranslation();
  const users = useQuery({ queryKey: ['users'], queryFn: async () => (await ok(api.GET('/api/users', { params: { query: { limit: 200 } } }))).items });
  const [f, setF] = useState<UserForm>({ email: '', name: '', role: 'SUPERVISOR', password: '', active: true });
  const [editing, setEditing] = useState<User | null>(null);
  const me = useSession()?.user.id;
  const { active: _active, ...created } = f;
  return (
    <Stack>
      <DataTable rows={users.data} columns={[
        { title: t('admin.name'), cell: (u) => u.name },
        { title: t('admin.email'), cell: (u) => u.email },
        { title: t('admin.role'), cell: (u) => t(`roles.${u.role}`) },
        { title: t('admin.active'), cell: (u) => (u.active ? t('common.yes') : t('common.no')) },
        editColumn<User>((u) => u.name, setEditing),
      ]} />
      {editing && (
        <EditDialog
          title={t('admin.edit', { name: editing.name })}
          initial={formOf(editing)}
          fields={(form, setForm) => <UserFields f={form} setF={setForm} editing self={editing.id === me} />}
          save={(form) => ok(api.PATCH('/api/users/{id}', { params: { path: { id: editing.id } }, body: changes(formOf(editing), form) }))}
          invalidate="users"
          onClose={() => setEditing(null)}
        />
      )}
      <CreateForm title={t('admin.newUser')} invalidate="users" save={() => ok(api.POST('/api/users', { body: created }))}>
        <UserFields f={f} setF={setF} />
      </CreateForm>
    </Stack>
  );
}
