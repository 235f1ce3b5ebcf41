import { useState } from 'react';
import { NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../../api/client';
import type { components } from '../../api/schema';
import { changes } from '../../lib/changes';
import { useLines, useModels, useWorkOrders } from '../../api/master-data';
import { CreateForm, DataTable, editColumn, EditDialog } from './kit';
import { useFormat } from '../../lib/format';

type WorkOrder = components['schemas']['WorkOrderDto'];
type OrderForm = { number: string; deviceModelId: string; lineId: string; quantity: number; dueDate: string; status: WorkOrder['status'] };

const formOf = (o: WorkOrder): OrderForm => ({ number: o.number, deviceModelId: o.deviceModelId, lineId: o.lineId, quantity: o.quantity, dueDate: o.dueDate, status: o.status });

/** The order's fields; its status only on an edit (an order is created OPEN). */
function OrderFields({ f, setF, editing }: { f: OrderForm; setF: (f: OrderForm) => void; editing?: boolean }) {
  const { t } = useTranslation();
  const lines = useLines();
  const models = useModels();
  return (
    <>
      <TextInput label={t('admin.number')} value={f.number} onChange={(e) => setF({ ...f, number: e.currentTarget.value })} />
      <Select label={t('admin.model')} data={(models.data ?? []).map((m) => ({ value: m.id, label: `${m.brand} ${m.name}` }))} value={f.deviceModelId || null} onChange={(v) => setF({ ...f, deviceModelId: v ?? '' })} />
      <Select label={t('admin.line')} data={(lines.data ?? []).map((l) => ({ value: l.id, label: l.code }))} value={f.lineId || null} onChange={(v) => setF({ ...f, lineId: v ?? '' })} />
      <NumberInput label={t('admin.quantity')} value={f.quantity} onChange={(v) => setF({ ...f, quantity: Number(v) || 0 })} thousandSeparator="," />
      <TextInput label={t('admin.due')} type="date" value={f.dueDate} onChange={(e) => setF({ ...f, dueDate: e.currentTarget.value })} />
      {editing && <Select label={t('admin.status')} data={(['OPEN', 'CLOSED'] as const).map((s) => ({ value: s, label: t(`workOrderStatus.${s}`) }))} value={f.status} onChange={(v) => setF({ ...f, status: (v ?? f.status) as WorkOrder['status'] })} />}
    </>
  );
}

export default function WorkOrders() {
  const { t } = useTranslation();
  const orders = useWorkOrders();
  const lines = useLines();
  const models = useModels();
  const [f, setF] = useState<OrderForm>({ number: '', deviceModelId: '', lineId: '', quantity: 1000, dueDate: '', status: 'OPEN' });
  const [editing, setEditing] = useState<WorkOrder | null>(null);
  const { number: n } = useFormat();
  return (
    <Stack>
      <DataTable testId="work-orders" rows={orders.data} columns={[
        { title: t('admin.number'), cell: (o) => o.number },
        { title: t('admin.model'), cell: (o) => models.data?.find((m) => m.id === o.deviceModelId)?.name },
        { title: t('admin.line'), cell: (o) => lines.data?.find((l) => l.id === o.lineId)?.code },
        { title: t('admin.progress'), cell: (o) => `${n(o.unitsRecorded)} / ${n(o.quantity)} (${o.quantity ? Math.round((100 * o.unitsRecorded) / o.quantity) : 0}%)`, num: true },
        { title: t('admin.due'), cell: (o) => o.dueDate },
        { title: t('admin.status'), cell: (o) => t(`workOrderStatus.${o.status}`) },
        editColumn<WorkOrder>((o) => o.number, setEditing),
      ]} />
      {editing && (
        <EditDialog
          title={t('admin.edit', { name: editing.number })}
          initial={formOf(editing)}
          fields={(form, setForm) => <OrderFields f={form} setF={setForm} editing />}
          save={(form) => ok(api.PATCH('/api/work-orders/{id}', { params: { path: { id: editing.id } }, body: changes(formOf(editing), form) }))}
          invalidate="work-orders"
          onClose={() => setEditing(null)}
        />
      )}
      <CreateForm title={t('admin.newWorkOrder')} invalidate="work-orders" save={() => ok(api.POST('/api/work-orders', { body: f }))}>
        <OrderFields f={f} setF={setF} />
      </CreateForm>
    </Stack>
  );
}
