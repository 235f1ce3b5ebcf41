import { useEffect, useState } from 'react';
import { Button, Group, Select, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../../api/client';
import { DEFECT_PREFIX } from '../../lib/scan';

/**
 * The printable defect-code sheet: one Code 128 barcode per code ("DC:" + code, which the
 * station's Scan and Defect code fields recognise), grouped by stage. Print, or print to
 * PDF, from the browser; the barcode library loads only on this page.
 */
export default function DefectSheet() {
  const { t } = useTranslation();
  const [stage, setStage] = useState<string | null>(null);
  const codes = useQuery({ queryKey: ['defect-codes'], queryFn: async () => (await ok(api.GET('/api/defect-codes', { params: { query: { limit: 500 } } }))).items });
  const [svgs, setSvgs] = useState<Record<string, string>>({});
  useEffect(() => {
    if (!codes.data) return;
    let cancelled = false;
    void import('bwip-js/browser').then((bwip) => {
      const out: Record<string, string> = {};
      for (const c of codes.data) {
        out[c.code] = bwip.toSVG({ bcid: 'code128', text: `${DEFECT_PREFIX}${c.code}`, scale: 2, height: 12, includetext: false });
      }
      if (!cancelled) setSvgs(out);
    });
    return () => {
      cancelled = true;
    };
  }, [codes.data]);
  const stages = [...new Set((codes.data ?? []).map((c) => c.stage ?? ''))];
  const shown = (codes.data ?? []).filter((c) => !stage || (c.stage ?? '') === stage);
  return (
    <Stack>
      <Group className="lt-noprint">
        <Select label={t('admin.stage')} data={stages.map((s) => ({ value: s, label: s || t('admin.anyStage') }))} value={stage} onChange={setStage} clearable />
        <Button onClick={() => window.print()}>{t('common.print')}</Button>
      </Group>
      <Title order={2}>{t('admin.sheetTitle', { stage: stage ?? t('admin.allStages') })}</Title>
      {!codes.data ? <Skeleton h={200} /> : (
        <SimpleGrid cols={2} spacing="lg">
          {shown.map((c) => (
            <div key={c.id} style={{ border: '1px solid #999', padding: 12, breakInside: 'avoid' }}>
              <Text fw={800} size="xl" ff="monospace">{c.code}</Text>
              <Text>{c.description} · {c.stage ?? t('admin.anyStage')}</Text>
              {/* The SVG comes from bwip-js from our own data; no script inside. */}
              <div role="img" aria-label={`${t('admin.barcodeFor')} ${c.code}`} dangerouslySetInnerHTML={{ __html: svgs[c.code] ?? '' }} />
            </div>
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}
