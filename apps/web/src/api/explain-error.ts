import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from './client';

type Translate = (key: string, values?: Record<string, unknown>) => string;

/**
 * A failure in the user's language, with what to do: no connection, the server unable to
 * reach its database, a server fault; a refusal by its problem code (`refusals.<code>`,
 * filled in with the problem's facts); otherwise the API's own explanation of the refusal.
 */
export function explainError(error: unknown, t: Translate): string {
  if (!(error instanceof ApiError)) return t('errors.generic', { detail: String(error) });
  if (error.offline) return t('errors.offline');
  if (error.code === 'database-unavailable') return t('errors.databaseUnavailable');
  if (error.status >= 500) return t('errors.server');
  const own = error.detail || t('errors.generic', { detail: error.title || error.status });
  if (!error.code) return own;
  // A list of facts (TACs, say) reads as a list: i18next would join it without spaces.
  const facts = Object.fromEntries(
    Object.entries(error.body).map(([key, value]) => [key, Array.isArray(value) ? value.join(', ') : value]),
  );
  return t(`refusals.${error.code}`, { ...facts, defaultValue: own });
}

export function useExplainError(): (error: unknown) => string {
  const { t } = useTranslation();
  return useCallback((error: unknown) => explainError(error, t), [t]);
}
