import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { ur } from '../i18n/ur';
import { ApiError } from './client';
import { explainError } from './explain-error';

const t = (key: string, values?: Record<string, unknown>) => (values ? `${key} ${JSON.stringify(values)}` : key);

describe('explainError', () => {
  it('says what to do when the server or the network fails, whatever the API wrote', () => {
    expect(explainError(new ApiError(0, '', 'Failed to fetch'), t)).toBe('errors.offline');
    const outage = new ApiError(503, 'Service Unavailable', 'The database cannot be reached', {
      type: 'https://linetrack.dev/problems/database-unavailable',
    });
    expect(explainError(outage, t)).toBe('errors.databaseUnavailable');
    expect(explainError(new ApiError(500, 'Internal Server Error', 'Something went wrong'), t)).toBe('errors.server');
  });

  it("gives a refusal's own explanation, and names what it cannot explain", () => {
    expect(explainError(new ApiError(409, 'Conflict', 'Expected stage RF.'), t)).toBe('Expected stage RF.');
    expect(explainError(new ApiError(418, 'Teapot', ''), t)).toBe('errors.generic {"detail":"Teapot"}');
    expect(explainError(new TypeError('x is undefined'), t)).toBe('errors.generic {"detail":"TypeError: x is undefined"}');
  });

  it('explains a refusal by its code in the user\'s language, with its facts, and keeps the API\'s words for a code it does not know', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({
      resources: { en: { translation: en }, ur: { translation: ur } },
      lng: 'ur',
      fallbackLng: 'en',
      interpolation: { escapeValue: false },
    });
    const refusal = new ApiError(409, 'Conflict', 'Unit S1 is IN_QC; only a FAILED unit goes to rework.', {
      type: 'https://linetrack.dev/problems/unit-not-failed',
      serialNumber: 'S1',
      unitStatus: 'IN_QC',
    });
    expect(explainError(refusal, i18n.t)).toBe('یونٹ S1 کی حالت کیو سی میں ہے؛ صرف فیل یونٹ ری ورک میں جاتا ہے۔');
    await i18n.changeLanguage('en');
    expect(explainError(refusal, i18n.t)).toBe('Unit S1 is In QC; only a failed unit goes to rework.');
    const unknown = new ApiError(409, 'Conflict', 'Something only the API can say.', {
      type: 'https://linetrack.dev/problems/some-new-refusal',
    });
    expect(explainError(unknown, i18n.t)).toBe('Something only the API can say.');
    const renamed = new ApiError(409, 'Conflict', 'Work order WO-1 already has 2 units; its number cannot change.', {
      type: 'https://linetrack.dev/problems/work-order-has-units',
      field: 'deviceModelId',
      unitsRecorded: 2,
      workOrder: 'WO-1',
    });
    expect(explainError(renamed, i18n.t)).toBe('Work order WO-1 already has 2 units; its device model cannot change.');
    const rerouted = new ApiError(409, 'Conflict', 'Acme A1 already has units; its route cannot change.', {
      type: 'https://linetrack.dev/problems/device-model-has-units',
      field: 'route',
      model: 'Acme A1',
    });
    expect(explainError(rerouted, i18n.t)).toBe(
      'Acme A1 already has units; its QC route cannot change. Create a new model revision instead.',
    );
    const tacs = new ApiError(409, 'Conflict', 'TAC 35123456, 35999901 already belongs to another device model.', {
      type: 'https://linetrack.dev/problems/tac-taken',
      tacs: ['35123456', '35999901'],
    });
    expect(explainError(tacs, i18n.t)).toBe('TAC 35123456, 35999901 already belongs to another device model.');
  });
});
