import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { ur } from '../i18n/ur';
import { eventDetailParts } from './event-details';

async function translator(lng: 'en' | 'ur') {
  const i18n = i18next.createInstance();
  await i18n.init({
    resources: { en: { translation: en }, ur: { translation: ur } },
    lng,
    interpolation: { escapeValue: false }, // as the app: React escapes
  });
  return i18n.t;
}

describe('eventDetailParts', () => {
  const when = (at: string) => `<${at.slice(11, 16)}>`;

  it("reads a QC result's details as phrases, in one order, hides its id, and keeps a key it has no phrase for", async () => {
    const t = await translator('en');
    expect(
      eventDetailParts(
        {
          operator: 'Asif',
          station: 'ST-1',
          resultId: '3739906e-5900-4763-845b-36aa2f55df46',
          testedAt: '2026-11-27T10:00:00.123Z',
          attempt: 2,
          registryStatus: 'PENDING',
          defectCodes: ['NO_BOOT', 'NO_SIGNAL'],
        },
        t,
        when,
      ),
    ).toEqual([
      'attempt 2',
      'defects: NO_BOOT, NO_SIGNAL',
      'station ST-1',
      'tested <10:00>',
      'registry: Pending',
      'operator: Asif',
    ]);
    expect(eventDetailParts({ workOrder: 'WO-7' }, t, when)).toEqual(['Work order WO-7']);
    expect(eventDetailParts(null, t, when)).toEqual([]);
  });

  it("speaks the user's language", async () => {
    const t = await translator('ur');
    expect(eventDetailParts({ workOrder: 'WO-7', reason: 'audit' }, t, when)).toEqual([
      'ورک آرڈر WO-7',
      'وجہ: audit',
    ]);
  });
});
