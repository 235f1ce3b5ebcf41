import { useState, type ReactNode } from 'react';
import { Alert, Button, Group, Modal, Paper, SimpleGrid, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useExplainError } from '../../api/explain-error';

/** The building blocks of the administration sections: tables, create forms, edit dialogs. */

export function Problem({ error }: { error: unknown }) {
  const explain = useExplainError();
  if (!error) return null;
  const e = error as ApiError;
  return (
    <Alert color="red" role="alert">
      {explain(error)}
      {e instanceof ApiError && e.fieldErrors.length > 0 && <ul>{e.fieldErrors.map((f) => <li key={f.field}>{f.field}: {f.message}</li>)}</ul>}
    </Alert>
  );
}

export interface Column<T> {
  title: string;
  cell: (row: T) => ReactNode;
  num?: boolean;
}

export function DataTable<T>({ rows, columns, testId }: { rows?: T[]; columns: Column<T>[]; testId?: string }) {
  const { t } = useTranslation();
  if (!rows) return <Skeleton h={120} />;
  if (!rows.length) return <Text>{t('admin.empty')}</Text>;
  return (
    <Table striped highlightOnHover data-testid={testId}>
      <Table.Thead>
        <Table.Tr>{columns.map((c, i) => <Table.Th key={i} className={c.num ? 'lt-num' : undefined}>{c.title}</Table.Th>)}</Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row, i) => (
          <Table.Tr key={i}>{columns.map((c, j) => <Table.Td key={j} className={c.num ? 'lt-num' : undefined}>{c.cell(row)}</Table.Td>)}</Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** A create form whose submit runs `save`, shows the API's problem, and refreshes `invalidate`. */
export function CreateForm({ title, children, save, invalidate, onDone }: { title: string; children: ReactNode; save: () => Promise<unknown>; invalidate: string; onDone?: (result: unknown) => void }) {
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

/**
 * Edits one record in a dialog: the form starts as `initial` and shows `fields`; `save` sends
 * what changed. The dialog shows the API's problem and stays open, or refreshes `invalidate`
 * and closes.
 */
export function EditDialog<F>({ title, initial, fields, save, invalidate, onClose }: { title: string; initial: F; fields: (f: F, setF: (f: F) => void) => ReactNode; save: (f: F) => Promise<unknown>; invalidate: string; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [f, setF] = useState(initial);
  const mutation = useMutation({
    mutationFn: () => save(f),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: [invalidate] });
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={title} size="xl" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={(e) => { e.preventDefault(); mutation.mutate(); }}>
        <Stack>
          <Problem error={mutation.error} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>{fields(f, setF)}</SimpleGrid>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={mutation.isPending}>{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The table column of Edit buttons; `name` says which record a screen reader's button edits. */
export function editColumn<T>(name: (row: T) => string, edit: (row: T) => void): Column<T> {
  return { title: '', cell: (row) => <EditButton name={name(row)} onClick={() => edit(row)} /> };
}

function EditButton({ name, onClick }: { name: string; onClick: () => void }) {
  const { t } = useTranslation();
  return <Button size="xs" variant="default" aria-label={t('admin.edit', { name })} onClick={onClick}>{t('common.edit')}</Button>;
}
