import { lazy, Suspense, useState, type ReactNode } from 'react';
import { ActionIcon, Alert, Anchor, Badge, Button, FileInput, Group, MultiSelect, NumberInput, Paper, PasswordInput, Select, SimpleGrid, Skeleton, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes, useLocation, useNavigate } from 'react-router';
import { api, ApiError, ok } from '../../api/client';
import { getSession, mayEnter, useSession } from '../../auth/session';
import { Forbidden } from '../Errors';

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

function Problem({ error }: { error: unknown }) {
  if (!error) return null;
  const e = error as ApiError;
  return (
    <Alert color="red" role="alert">
      {e.detail}
      {e.fieldErrors.length > 0 && <ul>{e.fieldErrors.map((f) => <li key={f.field}>{f.field}: {f.message}</li>)}</ul>}
    </Alert>
  );
}

function DataTable<T>({ rows, columns, testId }: { rows?: T[]; columns: { title: string; cell: (row: T) => ReactNode; num?: boolean }[]; testId?: string }) {
  const { t } = useTranslation();
  if (!rows) return <Skeleton h={120} />;
  if (!rows.length) return <Text>{t('admin.empty')}</Text>;
  return (
    <Table striped highlightOnHover data-testid={testId}>
      <Table.Thead>
        <Table.Tr>{columns.map((c) => <Table.Th key={c.title} className={c.num ? 'lt-num' : undefined}>{c.title}</Table.Th>)}</Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row, i) => (
          <Table.Tr key={i}>{columns.map((c) => <Table.Td key={c.title} className={c.num ? 'lt-num' : undefined}>{c.cell(row)}</Table.Td>)}</Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** A create form whose submit runs `save`, shows the API's problem, and refreshes `invalidate`. */
function CreateForm({ title, children, save, invalidate, onDone }: { title: string; children: ReactNode; save: () => Promise<unknown>; invalidate: string; onDone?: (result: unknown) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: save,
    onSuccess: (result) => {
      void client.invalidateQueries({ queryKey: [invalidate] });
      onDone?.(result);
    },
  });
  return (
    <Paper withBorder p="md" component="form" onSubmit={(e) => { e.preventDefault(); mutation.mutate(); }}>
      <Title order={2} size="h3" mb="sm">{title}</Title>
      <Stack>
        <Problem error={mutation.error} />
        {mutation.isSuccess && <Alert color="green">{t('admin.saved')}</Alert>}
        <SimpleGrid cols={{ base: 1, md: 3 }}>{children}</SimpleGrid>
        <Group><Button type="submit" loading={mutation.isPending}>{t('common.create')}</Button></Group>
      </Stack>
    </Paper>
  );
}

const usePlants = () => useQuery({ queryKey: ['plants'], queryFn: async () => (await ok(api.GET('/api/plants', { params: { query: { limit: 100 } } }))).items });
const useLines = () => useQuery({ queryKey: ['lines'], queryFn: async () => (await ok(api.GET('/api/lines', { params: { query: { limit: 200 } } }))).items });
const useModels = () => useQuery({ queryKey: ['device-models'], queryFn: async () => (await ok(api.GET('/api/device-models', { params: { query: { limit: 200 } } }))).items });

function Plants() {
  const { t } = useTranslation();
  const plants = usePlants();
  const [f, setF] = useState({ code: '', name: '', timezone: 'Asia/Karachi', gs1CompanyPrefix: '' });
  return (
    <Stack>
      <DataTable rows={plants.data} columns={[
        { title: t('admin.code'), cell: (p) => p.code },
        { title: t('admin.name'), cell: (p) => p.name },
        { title: t('admin.timezone'), cell: (p) => p.timezone },
        { title: t('admin.gs1'), cell: (p) => p.gs1CompanyPrefix },
      ]} />
      <CreateForm title={t('admin.newPlant')} invalidate="plants" save={() => ok(api.POST('/api/plants', { body: { ...f, gs1CompanyPrefix: (f.gs1CompanyPrefix || undefined) as never } }))}>
        <TextInput label={t('admin.code')} value={f.code} onChange={(e) => setF({ ...f, code: e.currentTarget.value })} />
        <TextInput label={t('admin.name')} value={f.name} onChange={(e) => setF({ ...f, name: e.currentTarget.value })} />
        <TextInput label={t('admin.timezone')} value={f.timezone} onChange={(e) => setF({ ...f, timezone: e.currentTarget.value })} />
        <TextInput label={t('admin.gs1')} value={f.gs1CompanyPrefix} onChange={(e) => setF({ ...f, gs1CompanyPrefix: e.currentTarget.value })} />
      </CreateForm>
    </Stack>
  );
}

/** "A 06:00-14:00, B 14:00-22:00" to shifts. */
export function parseShifts(text: string): { name: string; start: string; end: string }[] {
  return text.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
    const m = /^(\S+)\s+(\d{2}:\d{2})\s*-\s*(\d{2}:\d{2})$/.exec(s);
    return m ? { name: m[1], start: m[2], end: m[3] } : { name: s, start: '', end: '' };
  });
}

function Lines() {
  const { t, i18n } = useTranslation();
  const lines = useLines();
  const plants = usePlants();
  const [f, setF] = useState({ plantId: '', code: '', name: '', dailyCapacity: 3000, shifts: 'A 06:00-14:00, B 14:00-22:00, C 22:00-06:00' });
  return (
    <Stack>
      <DataTable rows={lines.data} columns={[
        { title: t('admin.plant'), cell: (l) => plants.data?.find((p) => p.id === l.plantId)?.code },
        { title: t('admin.code'), cell: (l) => l.code },
        { title: t('admin.name'), cell: (l) => l.name },
        { title: t('admin.capacity'), cell: (l) => l.dailyCapacity.toLocaleString(i18n.language), num: true },
        { title: t('admin.shifts'), cell: (l) => l.shifts.map((s) => `${s.name} ${s.start}–${s.end}`).join(', ') },
      ]} />
      <CreateForm title={t('admin.newLine')} invalidate="lines" save={() => ok(api.POST('/api/lines', { body: { ...f, shifts: parseShifts(f.shifts) } }))}>
        <Select label={t('admin.plant')} data={(plants.data ?? []).map((p) => ({ value: p.id, label: p.code }))} value={f.plantId || null} onChange={(v) => setF({ ...f, plantId: v ?? '' })} />
        <TextInput label={t('admin.code')} value={f.code} onChange={(e) => setF({ ...f, code: e.currentTarget.value })} />
        <TextInput label={t('admin.name')} value={f.name} onChange={(e) => setF({ ...f, name: e.currentTarget.value })} />
        <NumberInput label={t('admin.capacity')} value={f.dailyCapacity} onChange={(v) => setF({ ...f, dailyCapacity: Number(v) || 0 })} thousandSeparator="," />
        <TextInput label={t('admin.shifts')} description={t('admin.shiftsHelp')} value={f.shifts} onChange={(e) => setF({ ...f, shifts: e.currentTarget.value })} />
      </CreateForm>
    </Stack>
  );
}

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

function DeviceModels() {
  const { t } = useTranslation();
  const models = useModels();
  const [open, setOpen] = useState<string | null>(null);
  const [f, setF] = useState({ brand: '', name: '', modelNumber: '', deviceType: 'Smartphone', technologies: ['2G', '3G', '4G'], imeisPerDevice: '2', typeApprovalNumber: '', operatingSystem: '', route: ['FUNCTIONAL', 'RF', 'FINAL_QC'], tacs: '' });
  return (
    <Stack>
      <DataTable testId="device-models" rows={models.data} columns={[
        { title: t('admin.model'), cell: (m) => `${m.brand} ${m.name} (${m.modelNumber})` },
        { title: t('admin.tacs'), cell: (m) => m.tacs.join(', ') },
        { title: t('admin.typeApproval'), cell: (m) => m.typeApprovalNumber ?? '–' },
        { title: t('admin.route'), cell: (m) => m.route.join(' → ') },
        { title: t('admin.imeiPools'), cell: (m) => <Button size="xs" variant="default" onClick={() => setOpen(open === m.id ? null : m.id)}>{t('admin.pools')}</Button> },
      ]} />
      {open && <ImeiPools modelId={open} />}
      <CreateForm title={t('admin.newModel')} invalidate="device-models" save={() => ok(api.POST('/api/device-models', { body: {
        brand: f.brand, name: f.name, modelNumber: f.modelNumber, deviceType: f.deviceType as 'Smartphone', technologies: f.technologies as ('2G' | '3G' | '4G' | '5G')[],
        imeisPerDevice: Number(f.imeisPerDevice) as 1 | 2, typeApprovalNumber: f.typeApprovalNumber || undefined, operatingSystem: f.operatingSystem || undefined,
        route: f.route, tacs: f.tacs.split(/[\s,]+/).filter(Boolean),
      } }))} onDone={(m) => setOpen((m as { id: string }).id)}>
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
      </CreateForm>
    </Stack>
  );
}

function ImeiPools({ modelId }: { modelId: string }) {
  const { t, i18n } = useTranslation();
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
  const n = (v: number) => v.toLocaleString(i18n.language);
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
            { title: t('admin.tacs'), cell: (x) => (x.tac as unknown as string) ?? '–' },
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

function DefectCodes() {
  const { t } = useTranslation();
  const codes = useQuery({ queryKey: ['defect-codes'], queryFn: async () => (await ok(api.GET('/api/defect-codes', { params: { query: { limit: 500 } } }))).items });
  const [f, setF] = useState({ code: '', description: '', stage: '' });
  return (
    <Stack>
      <Group><Button component={Link} to="/admin/defect-codes/sheet" variant="default">{t('admin.printSheet')}</Button></Group>
      <DataTable rows={codes.data} columns={[
        { title: t('admin.code'), cell: (c) => c.code },
        { title: t('admin.description'), cell: (c) => c.description },
        { title: t('admin.stage'), cell: (c) => c.stage ?? t('admin.anyStage') },
      ]} />
      <CreateForm title={t('admin.newDefect')} invalidate="defect-codes" save={() => ok(api.POST('/api/defect-codes', { body: { code: f.code, description: f.description, stage: f.stage || undefined } }))}>
        <TextInput label={t('admin.code')} value={f.code} onChange={(e) => setF({ ...f, code: e.currentTarget.value.toUpperCase() })} />
        <TextInput label={t('admin.description')} value={f.description} onChange={(e) => setF({ ...f, description: e.currentTarget.value })} />
        <TextInput label={t('admin.stage')} value={f.stage} onChange={(e) => setF({ ...f, stage: e.currentTarget.value.toUpperCase() })} />
      </CreateForm>
    </Stack>
  );
}

function WorkOrders() {
  const { t, i18n } = useTranslation();
  const orders = useQuery({ queryKey: ['work-orders'], queryFn: async () => (await ok(api.GET('/api/work-orders', { params: { query: { limit: 200 } } }))).items });
  const lines = useLines();
  const models = useModels();
  const [f, setF] = useState({ number: '', deviceModelId: '', lineId: '', quantity: 1000, dueDate: '' });
  const n = (v: number) => v.toLocaleString(i18n.language);
  return (
    <Stack>
      <DataTable rows={orders.data} columns={[
        { title: t('admin.number'), cell: (o) => o.number },
        { title: t('admin.model'), cell: (o) => models.data?.find((m) => m.id === o.deviceModelId)?.name },
        { title: t('admin.line'), cell: (o) => lines.data?.find((l) => l.id === o.lineId)?.code },
        { title: t('admin.progress'), cell: (o) => `${n(o.unitsRecorded)} / ${n(o.quantity)} (${o.quantity ? Math.round((100 * o.unitsRecorded) / o.quantity) : 0}%)`, num: true },
        { title: t('admin.due'), cell: (o) => o.dueDate },
        { title: t('admin.status'), cell: (o) => o.status },
      ]} />
      <CreateForm title={t('admin.newWorkOrder')} invalidate="work-orders" save={() => ok(api.POST('/api/work-orders', { body: { ...f, status: 'OPEN' } }))}>
        <TextInput label={t('admin.number')} value={f.number} onChange={(e) => setF({ ...f, number: e.currentTarget.value })} />
        <Select label={t('admin.model')} data={(models.data ?? []).map((m) => ({ value: m.id, label: `${m.brand} ${m.name}` }))} value={f.deviceModelId || null} onChange={(v) => setF({ ...f, deviceModelId: v ?? '' })} />
        <Select label={t('admin.line')} data={(lines.data ?? []).map((l) => ({ value: l.id, label: l.code }))} value={f.lineId || null} onChange={(v) => setF({ ...f, lineId: v ?? '' })} />
        <NumberInput label={t('admin.quantity')} value={f.quantity} onChange={(v) => setF({ ...f, quantity: Number(v) || 0 })} thousandSeparator="," />
        <TextInput label={t('admin.due')} type="date" value={f.dueDate} onChange={(e) => setF({ ...f, dueDate: e.currentTarget.value })} />
      </CreateForm>
    </Stack>
  );
}

function Users() {
  const { t } = useTranslation();
  const users = useQuery({ queryKey: ['users'], queryFn: async () => (await ok(api.GET('/api/users', { params: { query: { limit: 200 } } }))).items });
  const [f, setF] = useState({ email: '', name: '', role: 'SUPERVISOR', password: '' });
  return (
    <Stack>
      <DataTable rows={users.data} columns={[
        { title: t('admin.name'), cell: (u) => u.name },
        { title: t('admin.email'), cell: (u) => u.email },
        { title: t('admin.role'), cell: (u) => t(`roles.${u.role}`) },
        { title: t('admin.active'), cell: (u) => (u.active ? t('common.yes') : t('common.no')) },
      ]} />
      <CreateForm title={t('admin.newUser')} invalidate="users" save={() => ok(api.POST('/api/users', { body: { ...f, role: f.role as 'SUPERVISOR' } }))}>
        <TextInput label={t('admin.email')} value={f.email} onChange={(e) => setF({ ...f, email: e.currentTarget.value })} />
        <TextInput label={t('admin.name')} value={f.name} onChange={(e) => setF({ ...f, name: e.currentTarget.value })} />
        <Select label={t('admin.role')} data={['ADMIN', 'MANAGER', 'SUPERVISOR', 'LOGISTICS'].map((r) => ({ value: r, label: t(`roles.${r}`) }))} value={f.role} onChange={(v) => setF({ ...f, role: v ?? 'SUPERVISOR' })} />
        <PasswordInput label={t('admin.password')} value={f.password} onChange={(e) => setF({ ...f, password: e.currentTarget.value })} visibilityToggleButtonProps={{ 'aria-label': t('signIn.showPassword') }} />
      </CreateForm>
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
        { title: t('admin.lastUsed'), cell: (k) => (k.lastUsedAt as unknown as string) ?? '–' },
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
        { title: t('admin.when'), cell: (a) => new Date(a.at).toLocaleString() },
        { title: t('admin.actor'), cell: (a) => a.actor },
        { title: t('admin.entity'), cell: (a) => `${a.entity} ${a.entityId.slice(0, 8)}` },
        { title: t('admin.action'), cell: (a) => a.action },
      ]} />
    </Stack>
  );
}

function Registry() {
  const { t } = useTranslation();
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
        {Object.entries(counts).map(([k, v]) => <Paper key={k} withBorder p="sm"><Text>{t(`registryStatus.${k}`, { defaultValue: k })}</Text><Text size="xl" fw={800} className="lt-num">{v.toLocaleString()}</Text></Paper>)}
        <Anchor href="/admin/queues" target="_blank" c="#1a4f9c">{t('admin.queues')}</Anchor>
      </Group>
      <Problem error={backlog.error ?? retry.error} />
      <DataTable rows={subs.data} columns={[
        { title: t('admin.when'), cell: (s) => new Date(s.createdAt).toLocaleString() },
        { title: t('admin.kind'), cell: (s) => s.kind },
        { title: t('admin.status'), cell: (s) => s.state },
        { title: t('admin.devices'), cell: (s) => s.deviceCount, num: true },
        { title: t('admin.lastError'), cell: (s) => s.lastError ?? '' },
        { title: '', cell: (s) => (['FAILED', 'REJECTED'].includes(s.state) ? <Button size="xs" variant="default" onClick={() => retry.mutate([s.id])}>{t('admin.retry')}</Button> : null) },
      ]} />
    </Stack>
  );
}
