/** How failed requests are retried. */
export interface RetryOptions {
  /** Retries after the first attempt (so at most `retries + 1` attempts). Default 5. */
  retries?: number;
  /** Backoff base: the cap of the n-th retry's delay is `baseDelayMs * 2^n`. Default 200 ms. */
  baseDelayMs?: number;
  /** Upper bound of a backoff delay (not of a server's `Retry-After`). Default 30 000 ms. */
  maxDelayMs?: number;
}

export const RETRY_DEFAULTS: Required<RetryOptions> = { retries: 5, baseDelayMs: 200, maxDelayMs: 30_000 };

/** Network errors, 408, 429 and every 5xx are worth another attempt; other statuses are final. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

/**
 * Exponential backoff with full jitter: a uniform delay in [0, min(maxDelayMs, baseDelayMs * 2^attempt)).
 * `attempt` is 0 for the first retry.
 */
export function backoffDelay(attempt: number, options: Required<RetryOptions>, random: () => number = Math.random): number {
  const cap = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * cap);
}

/**
 * Parses a `Retry-After` header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. Returns the delay
 * in milliseconds, or undefined when the header is absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
