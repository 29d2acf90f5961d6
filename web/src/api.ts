// Thin fetch wrapper for /api/v1: same-origin cookies, JSON in/out, CSRF header on writes,
// and a typed ApiError carrying the server's error code and per-field messages.

export interface FieldError {
  path: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldError[];
  /** Seconds from the `retry-after` header (429), when the server sent one. */
  readonly retryAfter: number | null;

  constructor(status: number, code: string, message: string, fields: FieldError[] = [], retryAfter: number | null = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.retryAfter = retryAfter;
  }

  /** Server field errors keyed by their top-level path (e.g. `email`, `contacts.0.name` → `contacts`). */
  fieldMap(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const f of this.fields) {
      const key = String(f.path ?? '').replace(/^body\./, '').split(/[.[]/)[0] ?? '';
      if (key && !(key in out)) out[key] = f.message;
    }
    return out;
  }
}

export const API_BASE = '/api/v1';

let csrfToken: string | null = null;
let currentLocale = 'ja';

/** Remembered from the latest GET /me (or POST /session) answer. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function setApiLocale(locale: string): void {
  currentLocale = locale;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function send<T>(method: string, path: string, body?: unknown, retried = false): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': currentLocale };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (WRITE_METHODS.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(API_BASE + path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'Network error');
  }

  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }

  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string; fields?: FieldError[] } } | undefined)?.error;
    const code = err?.code ?? (res.status >= 500 ? 'internal' : `http_${res.status}`);
    // A stale CSRF token (e.g. after the session was renewed in another tab): refresh it once and retry.
    if (code === 'csrf_failed' && !retried && WRITE_METHODS.has(method)) {
      try {
        const me = await send<{ csrfToken?: string }>('GET', '/me', undefined, true);
        if (me?.csrfToken) {
          setCsrfToken(me.csrfToken);
          return send<T>(method, path, body, true);
        }
      } catch {
        /* fall through to the original error */
      }
    }
    const retry = Number(res.headers.get('retry-after'));
    throw new ApiError(res.status, code, err?.message ?? res.statusText, Array.isArray(err?.fields) ? err.fields : [], Number.isFinite(retry) && retry > 0 ? retry : null);
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => send<T>('GET', withQuery(path, query)),
  post: <T>(path: string, body?: unknown) => send<T>('POST', path, body ?? {}),
  put: <T>(path: string, body?: unknown) => send<T>('PUT', path, body ?? {}),
  patch: <T>(path: string, body?: unknown) => send<T>('PATCH', path, body ?? {}),
  del: <T = void>(path: string) => send<T>('DELETE', path),
};

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}
