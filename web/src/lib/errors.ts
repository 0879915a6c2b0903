import { ApiRequestError } from './api.ts';
import { t } from './i18n.ts';

/** A sentence for the user about whatever a call threw. */
export function describeError(error: unknown): string {
  if (error instanceof ApiRequestError && error.status === 0) return t('error.network');
  const message = error instanceof Error ? error.message : String(error);
  return t('error.generic', { message });
}
