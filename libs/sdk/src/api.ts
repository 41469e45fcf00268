import createClient, { type Client } from 'openapi-fetch';
import { QuestlineNetworkError } from './errors';
import { RETRY_DEFAULTS, backoffDelay, isRetryableStatus, parseRetryAfter, sleep, type RetryOptions } from './retry';
import type { paths } from './generated/openapi';

/** The subset of the WHATWG `fetch` the SDK uses (the global `fetch` fits). */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface QuestlineApiOptions {
  /** Where the Questline API is served, e.g. `https://questline.example.com` (without `/v1`). */
  baseUrl: string;
  /** API key (`ql_<key id>_<secret>`), sent as `Authorization: Bearer <apiKey>`; it determines the tenant. */
  apiKey: string;
  /** Retries of every request (network errors, 408, 429, 5xx). */
  retry?: RetryOptions;
  /** Timeout of one attempt (request and response body), in milliseconds. Default 10 000. */
  timeoutMs?: number;
  /** Replaces the global `fetch` (tests, custom agents). */
  fetch?: FetchLike;
}

/**
 * The whole Questline HTTP API, typed from its OpenAPI document (`docs/openapi.json`) by
 * openapi-typescript and called through openapi-fetch: paths, path / query parameters, headers,
 * request bodies and responses are checked by the compiler.
 *
 * ```ts
 * const { data, error } = await api.GET('/v1/leaderboards/{board}', { params: { path: { board: 'global_points' }, query: { limit: 10 } } });
 * ```
 */
export type QuestlineApi = Client<paths>;

/**
 * A typed client for every route of the API. Each call resolves with `{ data }` on a 2xx or
 * `{ error }` (the problem+json document) otherwise, and `response`; retries and timeouts are those
 * of `QuestlineClient`. It throws `QuestlineNetworkError` only when no HTTP answer came back.
 */
export function createQuestlineApi(options: QuestlineApiOptions): QuestlineApi {
  if (!options.baseUrl) throw new TypeError('createQuestlineApi: baseUrl is required');
  if (!options.apiKey) throw new TypeError('createQuestlineApi: apiKey is required');
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers: { authorization: `Bearer ${options.apiKey}`, accept: 'application/json, application/problem+json' },
    fetch: retryingFetch(options),
  });
}

/**
 * A `fetch` for openapi-fetch that retries network errors and timeouts, 408, 429 and 5xx with
 * exponential backoff and full jitter, follows `Retry-After` on 429 and 503, and reads the whole
 * body within each attempt's timeout. Returns the last response (2xx, a non-retryable status or
 * the last retryable one); throws `QuestlineNetworkError` when every attempt failed without one.
 */
export function retryingFetch(options: Pick<QuestlineApiOptions, 'retry' | 'timeoutMs' | 'fetch'>): (request: Request) => Promise<Response> {
  const retry = { ...RETRY_DEFAULTS, ...Object.fromEntries(Object.entries(options.retry ?? {}).filter(([, v]) => v !== undefined)) } as Required<RetryOptions>;
  if (!Number.isInteger(retry.retries) || retry.retries < 0) throw new TypeError('retry.retries must be an integer ≥ 0');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const fetchFn = options.fetch ?? (globalThis.fetch as FetchLike | undefined);
  if (!fetchFn) throw new TypeError('no global fetch; pass the fetch option');
  return async (request: Request) => {
    const body = request.body ? await request.clone().text() : undefined;
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => (headers[name] = value));
    const path = new URL(request.url).pathname;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      let text: string;
      try {
        response = await fetchFn(request.url, { method: request.method, headers, body, signal: AbortSignal.timeout(timeoutMs) });
        text = await response.text();
      } catch (err) {
        if (attempt >= retry.retries) {
          throw new QuestlineNetworkError(`${request.method} ${path} failed after ${attempt + 1} attempt(s): ${err instanceof Error ? err.message : String(err)}`, { cause: err });
        }
        await sleep(backoffDelay(attempt, retry));
        continue;
      }
      const { status } = response;
      if (status < 300 || !isRetryableStatus(status) || attempt >= retry.retries) {
        return new Response(status === 204 || status === 304 ? null : text, { status, statusText: response.statusText, headers: response.headers });
      }
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      const honour = (status === 429 || status === 503) && retryAfterMs !== undefined;
      await sleep(honour ? retryAfterMs : backoffDelay(attempt, retry));
    }
  };
}
