import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Alert, Badge, Button, Group, Modal, NumberInput, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, ApiError, fetchBlobUrl, newKey, ok } from '../../api/client';
import { mayEnter, useSession } from '../../auth/session';
import { parseScan } from '../../lib/scan';
import { playSound } from '../../lib/sound';
import classes from '../station/station.module.css';
import { useFormat } from '../../lib/format';
import { useExplainError } from '../../api/explain-error';

interface Feedback {
  tone: 'pass' | 'error' | 'info';
  text: string;
  serial?: string;
}

/** The packing table: carton in the centre, scan to pack, pallets, inspection, seal, ship, manifests. */
export default function LotPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const explain = useExplainError();
  const mayRelease = mayEnter(useSession()?.user.role, 'lotRelease');
  const client = useQueryClient();
  const { number: fmt } = useFormat();
  const scanRef = useRef<HTMLInputElement>(null);
  const refocus = useCallback(() => requestAnimationFrame(() => scanRef.current?.focus()), []);
  const [scanText, setScanText] = useState('');
  const [carton, setCarton] = useState<string | null>(() => localStorage.getItem(`lt.lot.${id}.carton`));
  const [pallet, setPallet] = useState<string | null>(() => localStorage.getItem(`lt.lot.${id}.pallet`));
  const [capacity, setCapacity] = useState<number>(() => Number(localStorage.getItem('lt.cartonCapacity') ?? 20));
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const [labelUrl, setLabelUrl] = useState<string | null>(null);
  const [mode, setMode] = useState<'pack' | 'inspect'>('pack');
  const [shipOpen, setShipOpen] = useState(false);
  /** The unpack dialog, open with what it starts from. */
  const [unpackFrom, setUnpackFrom] = useState<{ unit: string; carton: string } | null>(null);
  const [releaseOpen, setReleaseOpen] = useState(false);

  useEffect(() => {
    if (carton) localStorage.setItem(`lt.lot.${id}.carton`, carton);
    else localStorage.removeItem(`lt.lot.${id}.carton`);
    if (pallet) localStorage.setItem(`lt.lot.${id}.pallet`, pallet);
    else localStorage.removeItem(`lt.lot.${id}.pallet`);
  }, [carton, pallet, id]);

  const lot = useQuery({ queryKey: ['lot', id], refetchInterval: 15_000, queryFn: () => ok(api.GET('/api/export-lots/{id}', { params: { path: { id } } })) });
  const cartonDetail = useQuery({
    queryKey: ['carton', carton],
    enabled: !!carton,
    queryFn: () => ok(api.GET('/api/cartons/{sscc}', { params: { path: { sscc: carton! } } })),
  });
  // The carton in hand was discarded (here or elsewhere): nothing is in hand any more.
  useEffect(() => {
    if ((cartonDetail.error as ApiError | null)?.status === 404) setCarton(null);
  }, [cartonDetail.error]);
  const inspection = useQuery({
    queryKey: ['inspection', id],
    enabled: !!lot.data,
    retry: false,
    queryFn: () => ok(api.GET('/api/export-lots/{id}/inspection', { params: { path: { id } } })),
  });

  const fail = (error: unknown, serial?: string) => {
    const apiError = error as ApiError;
    playSound('error');
    setFeedback({ tone: 'error', text: apiError.offline ? t('lots.offline') : explain(error), serial });
  };
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['lot', id] });
    void client.invalidateQueries({ queryKey: ['carton'] });
    void client.invalidateQueries({ queryKey: ['inspection', id] });
  };

  const printLabel = async (sscc: string) => {
    const url = await fetchBlobUrl(`/api/cartons/${sscc}/label?format=pdf`);
    setLabelUrl(url);
  };

  const openCarton = async () => {
    try {
      const opened = await ok(api.POST('/api/export-lots/{id}/cartons', { params: { path: { id } }, body: { capacity } }));
      localStorage.setItem('lt.cartonCapacity', String(capacity));
      setCarton(opened.sscc);
      setFeedback({ tone: 'info', text: t('lots.cartonOpened', { sscc: opened.sscc }) });
      refresh();
    } catch (error) {
      fail(error);
    }
    refocus();
  };

  const closeCarton = async (sscc: string, full: boolean) => {
    try {
      await ok(api.POST('/api/cartons/{sscc}/close', { params: { path: { sscc } } }));
      setCarton(null);
      setFeedback({ tone: 'pass', text: full ? t('lots.full') : t('lots.cartonClosed', { sscc }) });
      await printLabel(sscc);
      refresh();
    } catch (error) {
      fail(error);
    }
    refocus();
  };

  const openPallet = async () => {
    try {
      const opened = await ok(api.POST('/api/export-lots/{id}/pallets', { params: { path: { id } } }));
      setPallet(opened.sscc);
      setFeedback({ tone: 'info', text: t('lots.palletOpened', { sscc: opened.sscc }) });
    } catch (error) {
      fail(error);
    }
    refocus();
  };

  /** Scanning an open carton of this lot makes it the carton to pack into. */
  const takeInHand = async (sscc: string) => {
    try {
      const scanned = await ok(api.GET('/api/cartons/{sscc}', { params: { path: { sscc } } }));
      if (scanned.lotId !== lot.data?.id) return fail(new ApiError(409, '', t('lots.otherLotCarton', { sscc, lot: scanned.lotNumber })), sscc);
      if (scanned.status !== 'OPEN') return fail(new ApiError(400, '', t('lots.noPallet')), sscc);
      client.setQueryData(['carton', sscc], scanned);
      setCarton(sscc);
      setFeedback({ tone: 'info', text: t('lots.cartonInHand', { sscc }) });
    } catch (error) {
      fail(error, sscc);
    }
  };

  const onScan = async (raw: string) => {
    setScanText('');
    const scan = parseScan(raw, { allowSscc: true });
    if (scan.kind === 'empty') return;
    if (scan.kind === 'sscc') {
      if (!pallet) return takeInHand(scan.sscc);
      try {
        await ok(api.POST('/api/pallets/{sscc}/cartons', { params: { path: { sscc: pallet } }, body: { carton: scan.sscc } }));
        playSound('pass');
        setFeedback({ tone: 'pass', text: t('lots.onPallet', { sscc: scan.sscc, pallet }) });
        refresh();
      } catch (error) {
        // An open carton does not go on a pallet: it is taken in hand instead.
        if ((error as ApiError).code === 'carton-not-closed') return takeInHand(scan.sscc);
        fail(error, scan.sscc);
      }
      return;
    }
    const ref = scan.kind === 'unit' ? scan.ref : scan.code;
    if (mode === 'inspect') {
      setFeedback({ tone: 'info', text: t('lots.inspectThis'), serial: ref });
      return;
    }
    if (!carton) return fail(new ApiError(400, '', t('lots.noCarton')), ref);
    try {
      const result = await ok(
        api.POST('/api/cartons/{sscc}/units', { params: { path: { sscc: carton }, header: { 'Idempotency-Key': newKey() } }, body: { unit: ref } }),
      );
      playSound('pass');
      setFeedback({ tone: 'pass', text: t('lots.packed', { serial: result.unit.serialNumber }), serial: result.unit.serialNumber });
      void client.invalidateQueries({ queryKey: ['carton', carton] });
      void client.invalidateQueries({ queryKey: ['lot', id] });
      if (result.full) await closeCarton(carton, true);
    } catch (error) {
      fail(error, ref);
    }
  };

  const [failCodes, setFailCodes] = useState<string | null>(null);
  const recordInspection = async (result: 'PASS' | 'FAIL', codes = '') => {
    const unit = feedback?.serial;
    if (!unit) return fail(new ApiError(400, '', t('lots.scanSampled')));
    try {
      const defectCodes = codes.split(/[\s,]+/).map((code) => code.replace(/^DC:/i, '').toUpperCase()).filter(Boolean);
      await ok(api.POST('/api/export-lots/{id}/inspection/results', { params: { path: { id } }, body: { unit, result, ...(defectCodes.length ? { defectCodes } : {}) } as never }));
      playSound(result === 'PASS' ? 'pass' : 'fail');
      setFeedback({ tone: result === 'PASS' ? 'pass' : 'error', text: t(result === 'PASS' ? 'lots.recordPass' : 'lots.recordFail'), serial: unit });
      refresh();
    } catch (error) {
      fail(error, unit);
    }
    refocus();
  };

  /** Runs an action; the banner says `done`, or what `done` makes of the action's answer. */
  const act = async <T,>(action: () => Promise<T>, done: string | ((answer: T) => string)) => {
    try {
      const answer = await action();
      playSound('pass');
      setFeedback({ tone: 'pass', text: typeof done === 'string' ? done : done(answer) });
      refresh();
    } catch (error) {
      fail(error);
      refresh(); // what was refused may have changed elsewhere meanwhile
    }
  };

  const download = async (format: 'csv' | 'pdf') => {
    try {
      const url = await fetchBlobUrl(`/api/export-lots/${id}/manifest.${format}`);
      const link = document.createElement('a');
      link.href = url;
      link.download = `${lot.data?.number ?? id}-manifest.${format}`;
      link.click();
    } catch (error) {
      fail(error);
    }
  };

  const onKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      void onScan(event.currentTarget.value);
    }
  };

  const l = lot.data;
  const c = cartonDetail.data;
  const units = l?.counts.units.total ?? 0;
  const draw = inspection.data as (typeof inspection.data & { units?: string[] }) | undefined;

  return (
    <Stack gap="sm">
      {lot.error && <Alert color="red" role="alert">{explain(lot.error)}</Alert>}
      <Group justify="space-between" wrap="wrap">
        <Title order={1}>
          {t('lots.lotTitle', { number: l?.number ?? '…', destination: l?.destinationCountry ?? '' })}
        </Title>
        {l && (
          <Group>
            <Badge size="xl" variant="outline" color="#1b2a3a">{t(`lotStatus.${l.status}`)}</Badge>
            <Text size="lg" fw={600} className="lt-num">
              {t('lots.counts', { cartons: fmt(l.counts.cartons.total), units: fmt(units), planned: fmt(l.plannedQuantity) })}
            </Text>
          </Group>
        )}
      </Group>
      {l?.status === 'ON_HOLD' && (
        <Alert color="red" variant="filled" data-testid="lot-on-hold">
          <Group justify="space-between" wrap="nowrap">
            <Text size="lg">{t(mayRelease ? 'lots.onHoldHelp' : 'lots.onHoldAskManager')}</Text>
            {mayRelease && <Button size="md" variant="white" color="#a3151a" style={{ flexShrink: 0 }} onClick={() => setReleaseOpen(true)}>{t('lots.release')}</Button>}
          </Group>
        </Alert>
      )}

      {(draw?.failedUnits ?? []).length > 0 && (
        <Alert color="yellow" data-testid="failed-units">
          <Stack gap={4}>
            <Text size="lg" fw={700}>{t('lots.failedUnits')}</Text>
            {draw!.failedUnits.map((f) => (
              <Group key={f.serialNumber} gap="sm">
                <Text size="lg" dir="ltr" ff="monospace">{f.serialNumber}</Text>
                <Text size="lg" dir="ltr" ff="monospace">{t('lots.inCarton', { sscc: f.carton })}</Text>
                <Button size="sm" variant="default" disabled={l?.status !== 'OPEN'} onClick={() => setUnpackFrom({ unit: f.serialNumber, carton: f.carton })}>{t('lots.unpack')}</Button>
              </Group>
            ))}
          </Stack>
        </Alert>
      )}
      <TextInput
        ref={scanRef}
        label={t('lots.scan')}
        description={t('lots.scanHelp')}
        value={scanText}
        onChange={(event) => setScanText(event.currentTarget.value)}
        onKeyDown={onKey}
        size="xl"
        autoFocus
        autoComplete="off"
        classNames={{ input: classes.scanInput, label: classes.scanLabel }}
      />

      <Paper role="alert" aria-live="assertive" className={classes.banner} data-tone={feedback ? (feedback.tone === 'error' ? 'error' : feedback.tone === 'pass' ? 'pass' : 'info') : 'idle'} data-testid="lot-banner" p="md" mih={100}>
        {feedback ? (
          <>
            <Text className={classes.verdict}>
              <span aria-hidden>{feedback.tone === 'error' ? '✘ ' : feedback.tone === 'pass' ? '✔ ' : '▶ '}</span>
              {feedback.tone === 'error' ? t('lots.refused') : feedback.tone === 'pass' ? t('lots.ok') : t('lots.note')}
              {feedback.serial && <span className={classes.serial} dir="ltr"> {feedback.serial}</span>}
            </Text>
            <Text className={classes.headline}>{feedback.text}</Text>
          </>
        ) : (
          <Text className={classes.verdict}>{t('lots.ready')}</Text>
        )}
      </Paper>

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p="md">
          <Title order={2} size="h3">{t('lots.carton')}</Title>
          {carton && c ? (
            <>
              <Text size="lg" dir="ltr" ff="monospace" fw={700}>{c.sscc}</Text>
              <Text fz={56} fw={800} className="lt-num" data-testid="carton-count" ta="center">
                {fmt(c.unitCount)} / {fmt(c.capacity)}
              </Text>
              {c.units.length > 0 && (
                <>
                  <Text fw={600}>{t('lots.lastUnits')}</Text>
                  <ol className={classes.scans}>
                    {[...c.units].reverse().slice(0, 5).map((unit) => (
                      <li key={unit.id}><span className={classes.scanSerial} dir="ltr">{unit.serialNumber}</span></li>
                    ))}
                  </ol>
                </>
              )}
              <Group mt="sm">
                {c.unitCount > 0 ? (
                  <>
                    <Button variant="default" onClick={() => void closeCarton(c.sscc, false)}>{t('lots.closeCarton')}</Button>
                    <Button variant="default" onClick={() => setUnpackFrom({ unit: '', carton: c.sscc })}>{t('lots.unpack')}</Button>
                  </>
                ) : (
                  <Button variant="outline" color="red" onClick={() => void act(async () => {
                    await ok(api.DELETE('/api/cartons/{sscc}', { params: { path: { sscc: c.sscc } } }));
                    setCarton(null);
                  }, t('lots.discarded', { sscc: c.sscc }))}>{t('lots.discardCarton')}</Button>
                )}
              </Group>
            </>
          ) : (
            <Stack>
              <Text>{t('lots.noCarton')}</Text>
              <Group align="end">
                <NumberInput label={t('lots.cartonCapacity')} min={1} max={1000} value={capacity} onChange={(v) => setCapacity(Number(v) || 20)} w={180} />
                <Button size="md" onClick={() => void openCarton()} disabled={l?.status !== 'OPEN'}>{t('lots.openCarton')}</Button>
              </Group>
            </Stack>
          )}
        </Paper>
        <Stack>
          <Paper withBorder p="md">
            <Title order={2} size="h3">{t('lots.pallet')}</Title>
            {pallet ? <Text dir="ltr" ff="monospace" fw={700}>{pallet}</Text> : <Text>{t('lots.noPalletYet')}</Text>}
            <Group mt="sm">
              <Button variant="default" onClick={() => void openPallet()} disabled={l?.status !== 'OPEN'}>{t('lots.openPallet')}</Button>
              {pallet && <Button variant="subtle" onClick={() => setPallet(null)}>{t('lots.donePallet')}</Button>}
            </Group>
          </Paper>
          {labelUrl && (
            <Paper withBorder p="md">
              <Group justify="space-between">
                <Title order={2} size="h4">{t('lots.label')}</Title>
                <Button onClick={() => (document.getElementById('label-frame') as HTMLIFrameElement | null)?.contentWindow?.print()}>{t('common.print')}</Button>
              </Group>
              <iframe id="label-frame" title={t('lots.label')} src={labelUrl} style={{ width: '100%', height: 220, border: 0 }} onLoad={(e) => { if (navigator.webdriver) return; /* headless test browsers cannot print */ try { e.currentTarget.contentWindow?.print(); } catch { /* the button prints */ } }} />
            </Paper>
          )}
        </Stack>
      </SimpleGrid>

      <Paper withBorder p="md">
        <Group justify="space-between">
          <Title order={2} size="h3">{t('lots.inspection')}</Title>
          <Group>
            <Button variant={mode === 'inspect' ? 'filled' : 'default'} onClick={() => { setMode(mode === 'inspect' ? 'pack' : 'inspect'); refocus(); }}>
              {mode === 'inspect' ? t('lots.backToPacking') : t('lots.inspectMode')}
            </Button>
            <Button variant="default" disabled={l?.status !== 'OPEN'} onClick={() => void act(() => ok(api.POST('/api/export-lots/{id}/inspection', { params: { path: { id } } })), t('lots.sampleDrawn'))}>
              {t('lots.startInspection')}
            </Button>
          </Group>
        </Group>
        {draw && (
          <Stack gap={4} mt="sm" data-testid="inspection">
            <Text size="lg">{t('lots.sample', { letter: draw.codeLetter, size: draw.sampleSize, ac: draw.acceptNumber, re: draw.rejectNumber })}</Text>
            <Text size="lg">{t('lots.inspected', { inspected: draw.inspected, size: draw.sampleSize, defectives: draw.defectives })}</Text>
            <Text size="xl" fw={800}>{t('lots.verdict')}: {t(`inspectionStatus.${draw.status}`)}</Text>
            {draw.units && <Text dir="ltr" ff="monospace" size="sm">{draw.units.join(' · ')}</Text>}
          </Stack>
        )}
        {mode === 'inspect' && (
          <Group mt="sm" justify="space-between">
            <Button size="lg" color="#0b6b2e" onClick={() => void recordInspection('PASS')}>✔ {t('lots.recordPass')}</Button>
            <Button size="lg" color="#a3151a" onClick={() => setFailCodes('')}>✘ {t('lots.recordFail')}</Button>
          </Group>
        )}
      </Paper>

      <Group>
        <Button size="md" disabled={l?.status !== 'ACCEPTED'} onClick={() => void act(() => ok(api.POST('/api/export-lots/{id}/seal', { params: { path: { id } } })), t('lots.sealed'))}>
          {t('lots.seal')}
        </Button>
        <Button size="md" disabled={l?.status !== 'SEALED'} onClick={() => setShipOpen(true)}>{t('lots.ship')}</Button>
        <Button variant="default" onClick={() => void download('csv')}>{t('lots.manifestCsv')}</Button>
        <Button variant="default" onClick={() => void download('pdf')}>{t('lots.manifestPdf')}</Button>
      </Group>

      <Modal opened={failCodes !== null} onClose={() => { setFailCodes(null); refocus(); }} title={t('lots.recordFail')} returnFocus={false}>
        <form onSubmit={(event) => { event.preventDefault(); const codes = failCodes ?? ''; setFailCodes(null); void recordInspection('FAIL', codes); }}>
          <Stack>
            <TextInput label={t('lots.defectPrompt')} value={failCodes ?? ''} onChange={(e) => setFailCodes(e.currentTarget.value)} data-autofocus autoComplete="off" />
            <Group justify="space-between">
              <Button variant="default" onClick={() => { setFailCodes(null); refocus(); }}>{t('common.cancel')}</Button>
              <Button type="submit" color="#a3151a" disabled={!failCodes?.trim()}>{t('lots.recordFail')}</Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      <ShipDialog opened={shipOpen} number={l?.number ?? ''} onClose={(body) => {
        setShipOpen(false);
        if (body) void act(() => ok(api.POST('/api/export-lots/{id}/ship', { params: { path: { id } }, body })), t('lots.shipped'));
        refocus();
      }} />
      <NoteDialog opened={releaseOpen} title={t('lots.release')} label={t('lots.releaseNote')} onClose={(note) => {
        setReleaseOpen(false);
        if (note) void act(() => ok(api.POST('/api/export-lots/{id}/release', { params: { path: { id } }, body: { note } })), t('lots.released'));
        refocus();
      }} />
      <UnpackDialog from={unpackFrom} onClose={(values) => {
        setUnpackFrom(null);
        if (values) {
          void act(async () => {
            const out = await ok(api.DELETE('/api/cartons/{sscc}/units/{unit}', { params: { path: { sscc: values.carton, unit: values.unit } }, body: { reason: values.reason } }));
            // The carton is open after an unpack: with none in hand here, it is the one to pack into (or discard if empty).
            if (!carton) setCarton(values.carton);
            return out;
          }, (out) => t(out.status === 'ON_HOLD' ? 'lots.unpackedHeld' : 'lots.unpacked', { serial: out.serialNumber }));
        }
        refocus();
      }} />
    </Stack>
  );
}

function ShipDialog({ opened, number, onClose }: { opened: boolean; number: string; onClose: (body: { invoiceNumber: string; transportDocument: string } | null) => void }) {
  const { t } = useTranslation();
  const [invoiceNumber, setInvoice] = useState('');
  const [transportDocument, setTransport] = useState('');
  return (
    <Modal opened={opened} onClose={() => onClose(null)} title={t('lots.ship')} size="lg" returnFocus={false}>
      <Stack>
        <TextInput label={t('lots.invoice')} value={invoiceNumber} onChange={(e) => setInvoice(e.currentTarget.value)} data-autofocus />
        <TextInput label={t('lots.transport')} value={transportDocument} onChange={(e) => setTransport(e.currentTarget.value)} />
        <Alert color="yellow">{t('lots.confirmShip', { number })}</Alert>
        <Group justify="space-between">
          <Button variant="default" onClick={() => onClose(null)}>{t('common.cancel')}</Button>
          <Button disabled={!invoiceNumber || !transportDocument} onClick={() => onClose({ invoiceNumber, transportDocument })}>{t('lots.ship')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function UnpackDialog({ from, onClose }: { from: { unit: string; carton: string } | null; onClose: (values: { unit: string; carton: string; reason: string } | null) => void }) {
  const { t } = useTranslation();
  const [unit, setUnit] = useState('');
  const [carton, setCarton] = useState('');
  const [reason, setReason] = useState('');
  useEffect(() => {
    if (!from) return;
    setUnit(from.unit);
    setCarton(from.carton);
    setReason('');
  }, [from]);
  const unitRef = (text: string) => {
    const scan = parseScan(text);
    return scan.kind === 'unit' ? scan.ref : text;
  };
  return (
    <Modal opened={from !== null} onClose={() => onClose(null)} title={t('lots.unpack')} returnFocus={false}>
      <Stack>
        <TextInput label={t('lots.unpackUnit')} value={unit} onChange={(e) => setUnit(e.currentTarget.value)} data-autofocus={!from?.unit || undefined} />
        <TextInput label={t('lots.unpackCarton')} value={carton} onChange={(e) => setCarton(e.currentTarget.value)} dir="ltr" />
        <TextInput label={t('lots.unpackReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-autofocus={from?.unit ? true : undefined} />
        <Group justify="space-between">
          <Button variant="default" onClick={() => onClose(null)}>{t('common.cancel')}</Button>
          <Button disabled={!unit.trim() || !carton.trim() || !reason.trim()} onClick={() => onClose({ unit: unitRef(unit.trim()), carton: carton.trim(), reason: reason.trim() })}>{t('lots.unpack')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function NoteDialog({ opened, title, label, onClose }: { opened: boolean; title: string; label: string; onClose: (note: string | null) => void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  useEffect(() => {
    if (opened) setNote('');
  }, [opened]);
  return (
    <Modal opened={opened} onClose={() => onClose(null)} title={title} returnFocus={false}>
      <Stack>
        <TextInput label={label} value={note} onChange={(e) => setNote(e.currentTarget.value)} data-autofocus />
        <Group justify="space-between">
          <Button variant="default" onClick={() => onClose(null)}>{t('common.cancel')}</Button>
          <Button disabled={!note.trim()} onClick={() => onClose(note.trim())}>{title}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
