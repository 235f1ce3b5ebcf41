import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Anchor, Badge, Box, Button, Group, Kbd, Paper, SimpleGrid, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useSearchParams } from 'react-router';
import { api, ApiError, newKey, ok } from '../../api/client';
import type { components } from '../../api/schema';
import { parseScan } from '../../lib/scan';
import { currentShift } from '../../lib/shift';
import { playSound } from '../../lib/sound';
import { onReplay, stationQueue, useQueueItems, type QcResult } from '../../lib/station-queue';
import type { SendOutcome } from '../../lib/offline-queue';
import { DefectDialog } from './DefectDialog';
import { DispositionDialog, type Disposition } from './DispositionDialog';
import { rememberedStation, rememberStation, StationSetup } from './StationSetup';
import { useStationSetup } from './useStationSetup';
import classes from './station.module.css';
import { useFormat } from '../../lib/format';
import { useExplainError } from '../../api/explain-error';

type UnitDetail = components['schemas']['UnitDetailDto'];

interface Current {
  ref: string;
  unit?: UnitDetail;
  lookup: 'loading' | 'ok' | 'offline' | 'error';
}

type BannerTone = 'idle' | 'info' | 'pass' | 'fail' | 'error' | 'queued';
interface Banner {
  tone: BannerTone;
  headline: string;
  serial?: string;
  detail?: string;
}

interface ScanEntry {
  key: string;
  serial: string;
  result: 'PASS' | 'FAIL';
  defectCodes: string[];
  at: number;
  state: 'recorded' | 'waiting' | 'refused';
}

interface Counters {
  key: string;
  passed: number;
  failed: number;
  firstTested: number;
  firstPassed: number;
}

const ICON: Record<BannerTone, string> = { idle: '⌁', info: '▶', pass: '✔', fail: '✘', error: '✘', queued: '⏳' };
const TAKES_NO_RESULTS = ['FAILED', 'IN_REWORK', 'ON_HOLD', 'SCRAPPED', 'PASSED', 'PACKED', 'SHIPPED'];

function loadJson<T>(key: string, fallback: T): T {
  try {
    return (JSON.parse(localStorage.getItem(key) ?? 'null') as T) ?? fallback;
  } catch {
    return fallback;
  }
}

export function StationPage() {
  const [params] = useSearchParams();
  const lineCode = (params.get('line') ?? '').toUpperCase();
  const stage = (params.get('stage') ?? '').toUpperCase();
  if (!lineCode || !stage) {
    const remembered = rememberedStation();
    if (remembered && !params.has('setup')) {
      const next = new URLSearchParams(params);
      next.set('line', remembered.line);
      next.set('stage', remembered.stage);
      return <Navigate to={`/station?${next.toString()}`} replace />;
    }
    return <StationSetup />;
  }
  const plantCode = params.get('plant')?.toUpperCase() || undefined;
  return <Station key={`${plantCode}|${lineCode}|${stage}`} lineCode={lineCode} stage={stage} plantCode={plantCode} />;
}

function Station({ lineCode, stage, plantCode }: { lineCode: string; stage: string; plantCode?: string }) {
  const { t } = useTranslation();
  const explainFailure = useExplainError();
  const { locale, number } = useFormat();
  const station = `${plantCode ? `${plantCode}-` : ''}${lineCode}-${stage}`;
  const { line, plant, defects } = useStationSetup(lineCode, stage, plantCode);
  const timeZone = plant.data?.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const defectCodes = useMemo(() => (defects.data ?? []).map((item) => item.code), [defects.data]);

  const scanRef = useRef<HTMLInputElement>(null);
  const [scanText, setScanText] = useState('');
  const [current, setCurrent] = useState<Current | null>(null);
  const [banner, setBanner] = useState<Banner>({ tone: 'idle', headline: '' });
  const [busy, setBusy] = useState(false);
  const [defectOpen, setDefectOpen] = useState<string[] | null>(null);
  const [disposition, setDisposition] = useState<Disposition | null>(null);
  const [passOnScan, setPassOnScan] = useState(() => loadJson(`lt.passOnScan.${station}`, false));
  const [scans, setScans] = useState<ScanEntry[]>(() => loadJson(`lt.scans.${station}`, []));
  const shift = currentShift(new Date(), timeZone, line.data?.shifts ?? []);
  const [counters, setCounters] = useState<Counters>(() => loadJson(`lt.shift.${station}`, { key: '', passed: 0, failed: 0, firstTested: 0, firstPassed: 0 }));
  const queue = useQueueItems();
  const refused = queue.filter((item) => item.state === 'refused');
  const waiting = queue.filter((item) => item.state === 'waiting').length;
  const lookupSeq = useRef(0);

  useEffect(() => rememberStation(lineCode, stage), [lineCode, stage]);
  useEffect(() => localStorage.setItem(`lt.scans.${station}`, JSON.stringify(scans)), [scans, station]);
  useEffect(() => localStorage.setItem(`lt.shift.${station}`, JSON.stringify(counters)), [counters, station]);
  useEffect(() => localStorage.setItem(`lt.passOnScan.${station}`, JSON.stringify(passOnScan)), [passOnScan, station]);
  const shiftCounters = counters.key === shift.key ? counters : { key: shift.key, passed: 0, failed: 0, firstTested: 0, firstPassed: 0 };

  const refocus = useCallback(() => {
    requestAnimationFrame(() => scanRef.current?.focus());
  }, []);
  const dialogOpen = defectOpen !== null || disposition !== null;

  const timeFormat = useMemo(
    () => new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit' }),
    [locale, timeZone],
  );

  /** The API's refusal in plain words, in the user's language. */
  const explain = useCallback(
    (error: ApiError): string => {
      const body = error.body;
      if (error.offline) return t('station.offlineSaved');
      if (error.status === 404) return t('station.notFound');
      if (typeof body.expectedStage === 'string') return t('station.notDue', { expected: body.expectedStage, stage });
      if (error.status === 409 && body.expectedStage === null) return t('station.routeDone');
      if (typeof body.unitStatus === 'string') return t(`station.statusAdvice.${body.unitStatus}`, { defaultValue: error.detail });
      if (error.status === 403) return t('station.forbidden');
      return error.status < 500 && !error.detail ? t('station.unknownError') : explainFailure(error);
    },
    [stage, t, explainFailure],
  );

  const applyCounted = useCallback(
    (result: QcResult) => {
      setCounters((previous) => {
        const base = previous.key === shift.key ? previous : { key: shift.key, passed: 0, failed: 0, firstTested: 0, firstPassed: 0 };
        const pass = result.result === 'PASS';
        return {
          key: shift.key,
          passed: base.passed + (pass ? 1 : 0),
          failed: base.failed + (pass ? 0 : 1),
          firstTested: base.firstTested + (result.firstAtStage ? 1 : 0),
          firstPassed: base.firstPassed + (result.firstAtStage && pass ? 1 : 0),
        };
      });
    },
    [shift.key],
  );

  // Results sent later (after a blip) update the list and the counters when they land.
  useEffect(
    () =>
      onReplay((outcomes: SendOutcome<QcResult>[]) => {
        const byKey = new Map(outcomes.map((outcome) => [outcome.item.key, outcome]));
        setScans((previous) =>
          previous.map((entry) => {
            const outcome = byKey.get(entry.key);
            if (!outcome || outcome.kind === 'waiting') return entry;
            return { ...entry, serial: outcome.kind === 'recorded' ? outcome.response.serialNumber : entry.serial, state: outcome.kind === 'recorded' ? 'recorded' : 'refused' };
          }),
        );
        for (const outcome of outcomes) {
          if (outcome.kind === 'recorded' && outcome.item.station === station) applyCounted(outcome.response);
        }
        if (outcomes.some((outcome) => outcome.kind === 'refused')) {
          playSound('error');
          setBanner({ tone: 'error', headline: t('station.refusedAfterSend'), detail: t('station.refusedAfterSendHelp') });
        }
      }),
    [applyCounted, station, t],
  );

  /** Loads the scanned unit and says what to do with it; `quiet` keeps the banner as it is. */
  const lookup = useCallback(
    async (ref: string, quiet = false) => {
      const seq = ++lookupSeq.current;
      setCurrent({ ref, lookup: 'loading' });
      try {
        const unit = await ok(api.GET('/api/units/{ref}', { params: { path: { ref } } }));
        if (seq !== lookupSeq.current) return;
        setCurrent({ ref, unit, lookup: 'ok' });
        if (quiet) return;
        const next = unit.nextStage;
        if (TAKES_NO_RESULTS.includes(unit.status)) {
          playSound('error');
          setBanner({ tone: 'error', headline: t(`station.statusAdvice.${unit.status}`), serial: unit.serialNumber, detail: t(`unitStatus.${unit.status}`) });
        } else if (next && next !== stage) {
          playSound('error');
          setBanner({ tone: 'error', headline: t('station.notDue', { expected: next, stage }), serial: unit.serialNumber });
        } else {
          setBanner({ tone: 'info', headline: t('station.ready'), serial: unit.serialNumber });
        }
      } catch (caught) {
        if (seq !== lookupSeq.current) return;
        const error = caught as ApiError;
        if (error.offline || error.retryable) {
          setCurrent({ ref, lookup: 'offline' });
          setBanner({ tone: 'queued', headline: t('station.offlineLookup'), serial: ref });
        } else {
          setCurrent(null);
          playSound('error');
          setBanner({ tone: 'error', headline: explain(error), serial: ref });
        }
      }
    },
    [explain, stage, t],
  );

  const record = useCallback(
    async (result: 'PASS' | 'FAIL', defectCodesChosen: string[] = [], refOverride?: string) => {
      const ref = refOverride ?? current?.unit?.serialNumber ?? current?.ref;
      if (!ref) {
        playSound('error');
        setBanner({ tone: 'error', headline: t('station.scanFirst') });
        refocus();
        return;
      }
      setBusy(true);
      const key = newKey();
      const serial = current?.unit?.serialNumber ?? ref;
      try {
        const outcome = await stationQueue.record({
          key,
          ref,
          stage,
          result,
          defectCodes: defectCodesChosen,
          station,
          testedAt: new Date().toISOString(),
        });
        const entry: ScanEntry = { key, serial, result, defectCodes: defectCodesChosen, at: Date.now(), state: 'recorded' };
        if (outcome.kind === 'recorded') {
          entry.serial = outcome.response.serialNumber;
          applyCounted(outcome.response);
          playSound(result === 'PASS' ? 'pass' : 'fail');
          setBanner({
            tone: result === 'PASS' ? 'pass' : 'fail',
            headline: result === 'PASS' ? t('station.passed', { stage }) : t('station.failed', { codes: defectCodesChosen.join(', ') }),
            serial: outcome.response.serialNumber,
          });
        } else if (outcome.kind === 'waiting') {
          entry.state = 'waiting';
          playSound('queued');
          setBanner({ tone: 'queued', headline: t(result === 'PASS' ? 'station.savedPass' : 'station.savedFail'), serial, detail: t('station.offlineSaved') });
        } else {
          entry.state = 'refused';
          playSound('error');
          void stationQueue.dismiss(key); // shown now, in the banner: nothing left to resolve later
          setBanner({ tone: 'error', headline: explain(outcome.error), serial });
        }
        setScans((previous) => [entry, ...previous].slice(0, 10));
        setCurrent(null);
      } finally {
        setBusy(false);
        refocus();
      }
    },
    [applyCounted, current, explain, refocus, stage, station, t],
  );

  const openFail = useCallback(
    (preselected: string[] = []) => {
      if (!current) {
        playSound('error');
        setBanner({ tone: 'error', headline: t('station.scanFirst') });
        refocus();
        return;
      }
      setDefectOpen(preselected);
    },
    [current, refocus, t],
  );

  const onScan = useCallback(
    (raw: string) => {
      const scan = parseScan(raw, { defectCodes });
      setScanText('');
      if (scan.kind === 'empty') return;
      if (scan.kind === 'defect') {
        if (!current) {
          playSound('error');
          setBanner({ tone: 'error', headline: t('station.scanUnitBeforeDefect') });
          return;
        }
        openFail([scan.code]);
        return;
      }
      if (scan.kind !== 'unit') return;
      if (passOnScan) {
        void record('PASS', [], scan.ref);
        return;
      }
      void lookup(scan.ref);
    },
    [current, defectCodes, lookup, openFail, passOnScan, record, t],
  );

  // F1 and F2 anywhere on the station (the browser's F1 help is suppressed).
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (dialogOpen || busy) return;
      if (event.key === 'F1') {
        event.preventDefault();
        void record('PASS');
      } else if (event.key === 'F2') {
        event.preventDefault();
        openFail();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [busy, dialogOpen, openFail, record]);

  // Keep the Scan field focused: a click on the page (not on another field) gives it back.
  useEffect(() => {
    const onPointerUp = (event: PointerEvent) => {
      if (dialogOpen) return;
      const target = event.target as HTMLElement;
      if (target.closest('input, textarea, select, [role="listbox"], [role="menu"], header')) return;
      refocus();
    };
    document.addEventListener('pointerup', onPointerUp);
    return () => document.removeEventListener('pointerup', onPointerUp);
  }, [dialogOpen, refocus]);

  const onScanKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      onScan(event.currentTarget.value);
    }
  };

  const unit = current?.unit;
  const route = unit?.route ?? [];
  const nextStage = unit?.nextStage ?? null;
  const nextIndex = nextStage ? route.indexOf(nextStage) : unit && ['PASSED', 'PACKED', 'SHIPPED'].includes(unit.status) ? route.length : -1;
  const lastResults = (unit?.history ?? []).filter((event) => event.stage).slice(-4).reverse();
  const fpy = shiftCounters.firstTested ? (100 * shiftCounters.firstPassed) / shiftCounters.firstTested : null;
  const bannerText =
    banner.tone === 'idle'
      ? t('station.idle')
      : banner.tone === 'pass'
        ? t('station.verdictPass')
        : banner.tone === 'fail'
          ? t('station.verdictFail')
          : banner.tone === 'queued'
            ? t('station.verdictQueued')
            : banner.tone === 'error'
              ? t('station.verdictError')
              : t('station.verdictReady');

  return (
    <Stack gap="sm" className={classes.station}>
      <Group justify="space-between" wrap="wrap">
        <Title order={1} className={classes.title}>
          {t('station.title', { line: lineCode, stage })}
        </Title>
        <Group gap="md">
          <Switch
            size="lg"
            label={t('station.passOnScan')}
            checked={passOnScan}
            onChange={(event) => {
              setPassOnScan(event.currentTarget.checked);
              refocus();
            }}
          />
          <Anchor component={Link} to="/station?setup=1" size="md" c="blue.9" underline="always">
            {t('station.change')}
          </Anchor>
        </Group>
      </Group>
      {line.isError && (
        <Text c="red.8" fw={700} role="alert">
          {t('station.lineUnknown', { line: lineCode })}
        </Text>
      )}

      <TextInput
        ref={scanRef}
        label={t('station.scan')}
        description={passOnScan ? t('station.scanHelpPassOnScan') : t('station.scanHelp')}
        value={scanText}
        onChange={(event) => setScanText(event.currentTarget.value)}
        onKeyDown={onScanKey}
        autoFocus
        autoComplete="off"
        spellCheck={false}
        size="xl"
        classNames={{ input: classes.scanInput, label: classes.scanLabel }}
        data-testid="scan"
      />

      <Paper
        role="alert"
        aria-live="assertive"
        aria-atomic="true"
        className={classes.banner}
        data-tone={banner.tone}
        data-testid="banner"
        p="md"
      >
        <Group gap="lg" wrap="wrap" align="center">
          <Text component="span" className={classes.verdict}>
            <span aria-hidden>{ICON[banner.tone]}</span> {bannerText}
          </Text>
          {banner.serial && (
            <Text component="span" className={classes.serial} dir="ltr">
              {banner.serial}
            </Text>
          )}
          {unit && banner.serial === unit.serialNumber && (
            <Text component="span" size="xl" fw={600}>
              {unit.brand} {unit.modelName}
            </Text>
          )}
        </Group>
        {banner.tone !== 'idle' && banner.headline && (
          <Text className={classes.headline} mt={4}>
            {banner.headline}
          </Text>
        )}
        {banner.detail && <Text size="lg" mt={2}>{banner.detail}</Text>}
        {unit && route.length > 0 && (
          <Group gap="xs" mt="sm" aria-label={t('station.route')} role="list">
            {route.map((step, index) => {
              const state = nextIndex === -1 ? 'todo' : index < nextIndex ? 'done' : index === nextIndex ? 'next' : 'todo';
              const mark = state === 'done' ? '✔' : state === 'next' ? '●' : '○';
              return (
                <Badge key={step} role="listitem" size="xl" radius="sm" variant={state === 'next' ? 'filled' : 'outline'} bg={state === 'next' ? undefined : '#fff'} color={state === 'done' ? '#0b6b2e' : state === 'next' ? (step === stage ? '#1a4f9c' : '#1b2a3a') : '#4a535c'} styles={{ root: { border: '2px solid #fff' }, label: { textTransform: 'none' } }}>
                  {step} {mark} <span className="lt-skip">{t(`station.stageState.${state}`)}</span>
                </Badge>
              );
            })}
          </Group>
        )}
      </Paper>

      <Group justify="space-between" wrap="nowrap" gap="xl" mt="xs">
        <Button
          className={classes.bigButton}
          color="#0b6b2e"
          aria-label={t('station.pass')}
          aria-keyshortcuts="F1"
          onClick={() => void record('PASS')}
          disabled={busy}
          leftSection={<span aria-hidden>✔</span>}
          rightSection={<Kbd size="lg">F1</Kbd>}
        >
          {t('station.pass')}
        </Button>
        <Button
          className={classes.bigButton}
          color="#a3151a"
          aria-label={t('station.fail')}
          aria-keyshortcuts="F2"
          onClick={() => openFail()}
          disabled={busy}
          leftSection={<span aria-hidden>✘</span>}
          rightSection={<Kbd size="lg">F2</Kbd>}
        >
          {t('station.fail')}
        </Button>
      </Group>

      <Group justify="space-between" wrap="wrap" gap="md">
        <Group gap="xs">
          {(['rework', 'hold', 'release', 'scrap'] as Disposition[]).map((action) => (
            <Button
              key={action}
              variant="default"
              size="md"
              disabled={!unit || !dispositionAllowed(action, unit.status)}
              onClick={() => setDisposition(action)}
            >
              {t(`station.disposition.${action}`)}
            </Button>
          ))}
        </Group>
        <Text size="xl" fw={600} data-testid="shift-counters">
          {t('station.shift', { name: shift.name || t('station.today') })}: {number(shiftCounters.passed)} {t('station.passedCount')} ·{' '}
          {number(shiftCounters.failed)} {t('station.failedCount')} · {t('station.fpy')} {fpy === null ? '–' : `${fpy.toFixed(1)}%`}
        </Text>
      </Group>

      <SimpleGrid cols={{ base: 1, md: lastResults.length ? 2 : 1 }} spacing="md">
        <Box>
          <Title order={2} size="h4" mb={4}>{t('station.lastScans')}</Title>
          {scans.length === 0 ? (
            <Text c="#4a535c">{t('station.noScans')}</Text>
          ) : (
            <ol className={classes.scans} data-testid="last-scans">
              {scans.map((entry) => (
                <li key={entry.key} data-state={entry.state} data-result={entry.result}>
                  <span aria-hidden className={classes.scanMark}>{entry.state === 'waiting' ? '⏳' : entry.state === 'refused' ? '⚠' : entry.result === 'PASS' ? '✔' : '✘'}</span>
                  <span dir="ltr" className={classes.scanSerial}>{entry.serial}</span>
                  <span>{t(entry.result === 'PASS' ? 'station.verdictPass' : 'station.verdictFail')}</span>
                  {entry.defectCodes.length > 0 && <span dir="ltr">{entry.defectCodes.join(', ')}</span>}
                  {entry.state !== 'recorded' && <span className={classes.scanState}>{t(`station.entryState.${entry.state}`)}</span>}
                  <span className={classes.scanTime}>{timeFormat.format(entry.at)}</span>
                </li>
              ))}
            </ol>
          )}
        </Box>
        {lastResults.length > 0 && (
          <Box>
            <Title order={2} size="h4" mb={4}>{t('station.unitHistory')}</Title>
            <ol className={classes.scans}>
              {lastResults.map((event, index) => (
                <li key={index}>
                  <span>{event.stage}</span>
                  <span>{t(`events.${event.type}`, { defaultValue: event.type })}</span>
                  <span className={classes.scanTime}>{timeFormat.format(new Date(event.at))}</span>
                </li>
              ))}
            </ol>
          </Box>
        )}
      </SimpleGrid>

      {(waiting > 0 || refused.length > 0) && (
        <Paper withBorder p="sm" data-testid="outbox">
          {waiting > 0 && <Text size="lg" fw={600}>⏳ {t('station.waitingToSend', { count: waiting })}</Text>}
          {refused.length > 0 && (
            <>
              <Title order={2} size="h4" c="#a3151a">⚠ {t('station.refusedTitle', { count: refused.length })}</Title>
              <ul data-testid="refused-list">
                {refused.map((item) => (
                  <li key={item.key}>
                    <Group gap="sm" wrap="wrap">
                      <Text span fw={700} dir="ltr">{item.ref}</Text>
                      <Text span>{t(item.result === 'PASS' ? 'station.verdictPass' : 'station.verdictFail')} · {item.stage}</Text>
                      <Text span c="#a3151a">{item.refusal}</Text>
                      <Button size="xs" variant="default" onClick={() => { void stationQueue.dismiss(item.key); refocus(); }}>
                        {t('station.resolved')}
                      </Button>
                    </Group>
                  </li>
                ))}
              </ul>
            </>
          )}
        </Paper>
      )}

      <DefectDialog
        opened={defectOpen !== null}
        preselected={defectOpen ?? []}
        codes={defects.data ?? []}
        stage={stage}
        serial={unit?.serialNumber ?? current?.ref ?? ''}
        onCancel={() => {
          setDefectOpen(null);
          refocus();
        }}
        onConfirm={(codes) => {
          setDefectOpen(null);
          void record('FAIL', codes);
        }}
      />
      <DispositionDialog
        action={disposition}
        unitRef={unit?.serialNumber ?? ''}
        onClose={(done) => {
          setDisposition(null);
          if (done && unit) {
            playSound('pass');
            setBanner({ tone: 'info', headline: t(`station.dispositionDone.${done}`), serial: unit.serialNumber });
            // Refresh the unit's buttons; the banner keeps saying what was just done.
            void lookup(unit.serialNumber, true);
          }
          refocus();
        }}
      />
    </Stack>
  );
}

function dispositionAllowed(action: Disposition, status: string): boolean {
  switch (action) {
    case 'rework':
      return status === 'FAILED';
    case 'hold':
      return !['ON_HOLD', 'SCRAPPED', 'SHIPPED'].includes(status);
    case 'release':
      return status === 'ON_HOLD';
    case 'scrap':
      return !['SCRAPPED', 'SHIPPED', 'PACKED'].includes(status);
  }
}
