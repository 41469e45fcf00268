/** The console's only way to the platform: the same public API, with the signed-in key. */

export interface Session {
  key: string;
  /** With the root key: the tenant to act for (sent as x-questline-tenant). A tenant key names its own. */
  tenant?: string;
}

/** An RFC 9457 problem as the API answers it. */
export interface Problem {
  status: number;
  title?: string;
  detail?: string;
  code?: string;
  errors?: { pointer: string; detail: string; line?: number }[];
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }
}

/** Any failure as an ApiError (a network error, a thrown string), so pages show one kind. */
export const asApiError = (e: unknown): ApiError => (e instanceof ApiError ? e : new ApiError({ status: 0, detail: String(e) }));

const STORE = 'questline.console.session';

export const loadSession = (): Session | null => {
  const raw = sessionStorage.getItem(STORE);
  return raw ? (JSON.parse(raw) as Session) : null;
};
export const saveSession = (s: Session | null) => (s ? sessionStorage.setItem(STORE, JSON.stringify(s)) : sessionStorage.removeItem(STORE));

export async function call<T>(s: Session, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
  const headers: Record<string, string> = { authorization: `Bearer ${s.key}`, ...(s.tenant ? { 'x-questline-tenant': s.tenant } : {}), ...(init.headers ?? {}) };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? (JSON.parse(text) as unknown) : null;
  } catch {
    // Not JSON (a proxy's HTML error page): the status says what happened.
    if (res.ok) throw new ApiError({ status: res.status, detail: 'The answer was not JSON.' });
  }
  if (!res.ok) throw new ApiError({ status: res.status, detail: res.statusText || `HTTP ${res.status}`, ...((body as object | null) ?? {}) } as Problem);
  return body as T;
}

/** Today in UTC and n days before (the API answers in the tenant's days; a day either way is harmless for a range). */
export const isoDay = (d: Date) => d.toISOString().slice(0, 10);
export const daysAgo = (n: number) => isoDay(new Date(Date.now() - n * 86_400_000));
