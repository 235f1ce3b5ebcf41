import { useEffect, useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { api, ApiError, newKey, ok } from '../../api/client';
import { useExplainError } from '../../api/explain-error';

export type Disposition = 'rework' | 'hold' | 'release' | 'scrap';

/** Rework, hold, release or scrap the scanned unit, with the note or reason each needs. */
export function DispositionDialog({ action, unitRef, onClose }: { action: Disposition | null; unitRef: string; onClose: (done: Disposition | null) => void }) {
  const { t } = useTranslation();
  const explain = useExplainError();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [key, setKey] = useState(newKey);
  useEffect(() => {
    setText('');
    setError(null);
    setKey(newKey());
  }, [action]);

  const submit = async () => {
    if (!action) return;
    if (!text.trim()) {
      setError(t('station.disposition.required'));
      return;
    }
    setBusy(true);
    setError(null);
    const path = { ref: unitRef };
    const header = { 'Idempotency-Key': key };
    try {
      if (action === 'rework') await ok(api.POST('/api/units/{ref}/rework', { params: { path, header }, body: { note: text.trim() } }));
      if (action === 'hold') await ok(api.POST('/api/units/{ref}/hold', { params: { path, header }, body: { reason: text.trim() } }));
      if (action === 'release') await ok(api.POST('/api/units/{ref}/release', { params: { path, header }, body: { note: text.trim() } }));
      if (action === 'scrap') await ok(api.POST('/api/units/{ref}/scrap', { params: { path, header }, body: { reason: text.trim() } }));
      onClose(action);
    } catch (caught) {
      const apiError = caught as ApiError;
      setError(apiError.offline ? t('station.disposition.offline') : explain(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={action !== null} onClose={() => onClose(null)} title={action ? t(`station.disposition.${action}Title`, { serial: unitRef }) : ''} size="lg" returnFocus={false} styles={{ title: { fontSize: 22, fontWeight: 700 } }}>
      <Stack>
        {error && <Alert color="red" role="alert">{error}</Alert>}
        <Textarea
          label={action === 'hold' || action === 'scrap' ? t('station.disposition.reason') : t('station.disposition.note')}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          autosize
          minRows={2}
          size="lg"
          data-autofocus
        />
        <Group justify="space-between">
          <Button variant="default" size="lg" onClick={() => onClose(null)}>{t('common.cancel')}</Button>
          <Button size="lg" color={action === 'scrap' ? '#a3151a' : '#1a4f9c'} loading={busy} onClick={() => void submit()}>
            {action ? t(`station.disposition.${action}`) : ''}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
