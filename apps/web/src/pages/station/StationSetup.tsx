import { useState } from 'react';
import { Button, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useLines, useModels } from '../../api/master-data';

const KEY = 'lt.station';

export function rememberedStation(): { line: string; stage: string } | null {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? 'null') as { line: string; stage: string } | null;
  } catch {
    return null;
  }
}
export function rememberStation(line: string, stage: string): void {
  localStorage.setItem(KEY, JSON.stringify({ line, stage }));
}

/** Picks this device's line and stage once; they go into the URL (a bookmark) and the device. */
export function StationSetup() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [line, setLine] = useState<string | null>(params.get('line'));
  const [stage, setStage] = useState<string | null>(params.get('stage'));
  const lines = useLines();
  const models = useModels();
  const stages = [...new Set((models.data ?? []).flatMap((model) => model.route))];
  return (
    <Paper withBorder p="xl" maw={560} mx="auto">
      <Stack>
        <Title order={1} size="h2">{t('station.setupTitle')}</Title>
        <Text>{t('station.setupHelp')}</Text>
        <Select
          label={t('station.line')}
          size="lg"
          data={(lines.data ?? []).map((item) => ({ value: item.code, label: `${item.code} · ${item.name}` }))}
          value={line}
          onChange={setLine}
          searchable
        />
        <Select label={t('station.stage')} size="lg" data={stages} value={stage} onChange={setStage} searchable />
        <Button
          size="lg"
          disabled={!line || !stage}
          onClick={() => {
            rememberStation(line!, stage!);
            const next = new URLSearchParams(params);
            next.set('line', line!);
            next.set('stage', stage!);
            setParams(next);
          }}
        >
          {t('station.open')}
        </Button>
      </Stack>
    </Paper>
  );
}
