import { lazy, Suspense, useState, type ReactNode } from 'react';
import { Alert, Anchor, Badge, Button, Group, Paper, Skeleton, Stack, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useLocation, useNavigate } from 'react-router';
import { api, ok } from '../../api/client';
import { mayEnter, useSession } from '../../auth/session';
import { Forbidden } from '../Errors';
import DefectCodes from './DefectCodes';
import DeviceModels from './DeviceModels';
import { CreateForm, DataTable, Problem } from './kit';
import Lines from './Lines';
import Plants from './Plants';
import Users from './Users';
import WorkOrders from './WorkOrders';
import { useHomeTimeZone } from '../../api/master-data';
import { useFormat } from '../../lib/format';

const DefectSheet = lazy(() => import('./DefectSheet'));

const SECTIONS = [
  { path: 'plants', admin: false },
  { path: 'lines', admin: false },
  { path: 'device-models', admin: false },
  { path: 'defect-codes', admin: false },
  { path: 'work-orders', admin: false },
  { path: 'users', admin: true },
  { path: 'station-keys', admin: true },
  { path: 'audit-log', admin: false },
  { path: 'registry', admin: true },
] as const;

/** Administration: master data (ADMIN, MANAGER), users, station keys and registry (ADMIN). */
export default function Admin() {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const isAdmin = mayEnter(session?.user.role, 'adminOnly');
  const current = location.pathname.split('/')[2] ?? 'plants';
  const adminOnly = (element: ReactNode) => (isAdmin ? element : <Forbidden />);
  return (
    <Stack>
      <Title order={1} className="lt-noprint">{t('admin.title')}</Title>
      <Tabs value={current} onChange={(value) => void navigate(`/admin/${value}`)} className="lt-noprint">
        <Tabs.List>
          {SECTIONS.filter((s) => !s.admin || isAdmin).map((s) => (
            <Tabs.Tab key={s.path} value={s.path}>{t(`admin.${s.path}`)}</Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Suspense fallback={<Skeleton h={200} />}>
        <Routes>
          <Route index element={<Plants />} />
          <Route path="plants" element={<Plants />} />
          <Route path="lines" element={<Lines />} />
          <Route path="device-models" element={<DeviceModels />} />
          <Route path="defect-codes" element={<DefectCodes />} />
          <Route path="defect-codes/sheet" element={<DefectSheet />} />
          <Route path="work-orders" element={<WorkOrders />} />
          <Route path="users" element={adminOnly(<Users />)} />
          <Route path="station-keys" element={adminOnly(<StationKeys />)} />
          <Route path="audit-log" element={<AuditLog />} />
          <Route path="registry" element={adminOnly(<Registry />)} />
        </Routes>
      </Suspense>
    </Stack>
  );
}

function StationKeys() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const keys = useQuery({ queryKey: ['station-keys'], queryFn: async () => (await ok(api.GET('/api/station-keys', { params: { query: { limit: 200 } } }))).items });
  const [name, setName] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  const revoke = useMutation({ mutationFn: (id: string) => ok(api.POST('/api/station-keys/{id}/revoke', { params: { path: { id } } })), onSuccess: () => void client.invalidateQueries({ queryKey: ['station-keys'] }) });
  return (
    <Stack>
      {created && <Alert color="yellow" title={t('admin.keyOnce')}><Text ff="monospace" dir="ltr" fw={700} data-testid="new-key">{created}</Text></Alert>}
      <DataTable rows={keys.data} columns={[
        { title: t('admin.name'), cell: (k) => k.name },
        { title: t('admin.prefix'), cell: (k) => k.keyPrefix },
        { title: t('admin.lastUsed'), cell: (k) => k.lastUsedAt ?? '–' },
        { title: t('admin.status'), cell: (k) => (k.revokedAt ? <Badge color="#a3151a">{t('admin.revoked')}</Badge> : <Button size="xs" variant="default" onClick={() => revoke.mutate(k.id)}>{t('admin.revoke')}</Button>) },
      ]} />
      <CreateForm title={t('admin.newKey')} invalidate="station-keys" save={() => ok(api.POST('/api/station-keys', { body: { name } }))} onDone={(k) => setCreated((k as { apiKey: string }).apiKey)}>
        <TextInput label={t('admin.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} />
      </CreateForm>
    </Stack>
  );
}

function AuditLog() {
  const { t } = useTranslation();
  const format = useFormat();
  const timeZone = useHomeTimeZone();
  const [filters, setFilters] = useState({ entity: '', from: '', to: '' });
  const log = useQuery({
    queryKey: ['audit-log', filters],
    queryFn: async () => (await ok(api.GET('/api/audit-log', { params: { query: { limit: 100, entity: filters.entity || undefined, from: filters.from || undefined, to: filters.to || undefined } } }))).items,
  });
  return (
    <Stack>
      <Group>
        <TextInput label={t('admin.entity')} value={filters.entity} onChange={(e) => setFilters({ ...filters, entity: e.currentTarget.value })} />
        <TextInput label={t('admin.from')} type="date" value={filters.from} onChange={(e) => setFilters({ ...filters, from: e.currentTarget.value })} />
        <TextInput label={t('admin.to')} type="date" value={filters.to} onChange={(e) => setFilters({ ...filters, to: e.currentTarget.value })} />
      </Group>
      <Problem error={log.error} />
      <DataTable rows={log.data} columns={[
        { title: t('admin.when'), cell: (a) => format.dateTime(a.at, { dateStyle: 'short', timeStyle: 'medium', timeZone }) },
        { title: t('admin.actor'), cell: (a) => a.actor },
        { title: t('admin.entity'), cell: (a) => `${a.entity} ${a.entityId.slice(0, 8)}` },
        { title: t('admin.action'), cell: (a) => a.action },
      ]} />
    </Stack>
  );
}

function Registry() {
  const { t } = useTranslation();
  const format = useFormat();
  const timeZone = useHomeTimeZone();
  const client = useQueryClient();
  const backlog = useQuery({ queryKey: ['registry-backlog'], refetchInterval: 10_000, queryFn: () => ok(api.GET('/api/registry/backlog')) });
  const subs = useQuery({ queryKey: ['registry-submissions'], refetchInterval: 10_000, queryFn: async () => (await ok(api.GET('/api/registry/submissions', { params: { query: { limit: 50 } } }))).items });
  const retry = useMutation({
    mutationFn: (submissionIds: string[]) => ok(api.POST('/api/registry/retry', { body: { submissionIds } as never })),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['registry-submissions'] }),
  });
  const counts = (backlog.data?.counts ?? {}) as Record<string, number>;
  return (
    <Stack>
      <Group>
        {Object.entries(counts).map(([k, v]) => <Paper key={k} withBorder p="sm"><Text>{t(`registryStatus.${k}`, { defaultValue: k })}</Text><Text size="xl" fw={800} className="lt-num">{format.number(v)}</Text></Paper>)}
        <Anchor href="/admin/queues" target="_blank" c="#1a4f9c">{t('admin.queues')}</Anchor>
      </Group>
      <Problem error={backlog.error ?? retry.error} />
      <DataTable rows={subs.data} columns={[
        { title: t('admin.when'), cell: (s) => format.dateTime(s.createdAt, { dateStyle: 'short', timeStyle: 'medium', timeZone }) },
        { title: t('admin.kind'), cell: (s) => s.kind },
        { title: t('admin.status'), cell: (s) => s.state },
        { title: t('admin.devices'), cell: (s) => s.deviceCount, num: true },
        { title: t('admin.lastError'), cell: (s) => s.lastError ?? '' },
        { title: '', cell: (s) => (['FAILED', 'REJECTED'].includes(s.state) ? <Button size="xs" variant="default" onClick={() => retry.mutate([s.id])}>{t('admin.retry')}</Button> : null) },
      ]} />
    </Stack>
  );
}
