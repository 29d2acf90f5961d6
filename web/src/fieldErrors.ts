import type { ApiError } from './api';

type T = (key: string, opts?: Record<string, unknown>) => string;

/**
 * Server validation messages are technical English ("not a valid e-mail address"). Show the
 * field's own localized message instead; the server text is kept only as a fallback in English.
 */
export function localizeFieldErrors(err: ApiError, t: T, messages: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, serverMessage] of Object.entries(err.fieldMap())) {
    const key = messages[field];
    out[field] = key ? t(key) : t('common.fieldInvalid', { defaultValue: serverMessage });
  }
  return out;
}
