import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The locale figures and times are written in, from the app's language: Urdu as written in
 * Pakistan; English with the day before the month, as Pakistan writes dates (numbers read
 * the same in en-GB and en-US).
 */
export function localeOf(language: string): string {
  return language === 'ur' ? 'ur-PK' : 'en-GB';
}

export interface Formatters {
  locale: string;
  /** A count or a figure; `digits` fixes the decimals. Nothing to show is a dash. */
  number(value: number | null | undefined, digits?: number): string;
  /** An instant, by default as a short date and time in the browser's timezone. */
  dateTime(at: string | Date, options?: Intl.DateTimeFormatOptions): string;
}

export function formatters(locale: string): Formatters {
  return {
    locale,
    number: (value, digits) =>
      value === null || value === undefined
        ? '–'
        : value.toLocaleString(
            locale,
            digits === undefined
              ? undefined
              : { minimumFractionDigits: digits, maximumFractionDigits: digits },
          ),
    dateTime: (at, options = { dateStyle: 'short', timeStyle: 'short' }) =>
      new Date(at).toLocaleString(locale, options),
  };
}

/** The formatters for the language the user chose; they change with it. */
export function useFormat(): Formatters {
  const { i18n } = useTranslation();
  return useMemo(() => formatters(localeOf(i18n.language)), [i18n.language]);
}
