import { createQuestlineApi, type FetchLike, type QuestlineApi } from './api';
import { QuestlineClientClosedError, QuestlineError, QuestlineEventRejectedError, QuestlineHttpError } from './errors';
import { parseRetryAfter, type RetryOptions } from './retry';
import type { BatchItemResult, BatchResult, EventAccepted, EventRecord, QuestlineEventInput, QuestlineProblem } from './types';

export type { FetchLike } from './api';

/** The server's limits for `POST /v1/events/batch`. */
export const MAX_BATCH_EVENTS = 1000;
export const MAX_BATCH_BYTES = 1024 * 1024;

/** When `track()`ed events are sent: after `maxEvents` events or `maxDelayMs` after the first, whichever comes first. */
export interface BatchOptions {
  /** Send as soon as this many events are queued. Default 10. */
  maxEvents?: number;
  /** Send at the latest this long after the first queued event. Default 5000 ms. */
  maxDelayMs?: number;
}

export const BATCH_DEFAULTS: Required<BatchOptions> = { maxEvents: 10, maxDelayMs: 5000 };

export interface QuestlineClientOptions {
  /** Where the Questline API is served, e.g. `https://questline.example.com` (without `/v1`). */
  baseUrl: string;
  /** Tenant API key, sent as `Authorization: Bearer <apiKey>`; it determines the tenant. */
  apiKey: string;
  /** Batching of `track()`. */
  batch?: BatchOptions;
  /** Retries of every request (network errors, 408, 429, 5xx). */
  retry?: RetryOptions;
  /** Timeout of one attempt (request and response body), in milliseconds. Default 10 000. */
  timeoutMs?: number;
  /**
   * Called for every failed `track()`: once per failed request with all its events, or once per
   * event the server refused. The `track()` promises reject too; this hook is for callers that
   * fire and forget. Exceptions thrown by the hook are ignored.
   */
  onError?: (error: QuestlineError, events: readonly QuestlineEventInput[]) => void;
  /** Replaces the global `fetch` (tests, custom agents). */
  fetch?: FetchLike;
}

interface Pending {
  seq: number;
  event: QuestlineEventInput;
  json: string;
  bytes: number;
  queuedAt: number;
  promise: Promise<EventAccepted>;
  resolve: (result: EventAccepted) => void;
  reject: (error: QuestlineError) => void;
}

const EMPTY_BATCH_BYTES = '{"events":[]}'.length;
const encoder = new TextEncoder();

/** True for an event in the canonical shape (it has a string `type` and `userId`). */
export function isCanonicalEvent(event: unknown): boolean {
  if (event === null || typeof event !== 'object') return false;
  const e = event as Record<string, unknown>;
  return typeof e['type'] === 'string' && typeof e['userId'] === 'string';
}

/**
 * Returns the event with an idempotency key: a canonical event without one gets a copy with a
 * random UUID; anything else is returned unchanged. Called once per event, before its first attempt,
 * so every retry carries the same key and the server deduplicates them.
 */
export function withIdempotencyKey<E extends QuestlineEventInput>(event: E): E {
  if (!isCanonicalEvent(event)) return event;
  const key = (event as Record<string, unknown>)['idempotencyKey'];
  if (key !== undefined && key !== null) return event;
  return { ...event, idempotencyKey: globalThis.crypto.randomUUID() };
}

/**
 * Typed producer client for the Questline events API.
 *
 * `track()` queues events and sends them in batches (`POST /v1/events/batch`); `send()` posts one
 * event at once (`POST /v1/events`). Both retry network errors, 408, 429 and 5xx with exponential
 * backoff and full jitter, honouring `Retry-After` on 429 and 503. Requests are sent one at a
 * time, in the order events were tracked.
 */
export class QuestlineClient {
  /**
   * Every route of the API, typed from its OpenAPI document, with this client's key, retries and
   * timeout: `questline.api.GET('/v1/users/{userId}/profile', { params: { path: { userId } } })`.
   */
  readonly api: QuestlineApi;
  private readonly maxEvents: number;
  private readonly maxDelayMs: number;
  private readonly onError: QuestlineClientOptions['onError'];

  private queue: Pending[] = [];
  private inFlight: Pending[] = [];
  private sending = false;
  private seq = 0;
  /** Every queued event with seq ≤ flushThrough is due now, whatever the batch thresholds say. */
  private flushThrough = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly activeSends = new Set<Promise<unknown>>();
  private closing: Promise<void> | undefined;

  constructor(options: QuestlineClientOptions) {
    if (!options.baseUrl) throw new TypeError('QuestlineClient: baseUrl is required');
    if (!options.apiKey) throw new TypeError('QuestlineClient: apiKey is required');
    const batch = { ...BATCH_DEFAULTS, ...stripUndefined(options.batch) };
    if (!Number.isInteger(batch.maxEvents) || batch.maxEvents < 1) throw new TypeError('QuestlineClient: batch.maxEvents must be a positive integer');
    if (!(batch.maxDelayMs >= 0)) throw new TypeError('QuestlineClient: batch.maxDelayMs must be ≥ 0');
    this.maxEvents = batch.maxEvents;
    this.maxDelayMs = batch.maxDelayMs;
    const retries = options.retry?.retries;
    if (retries !== undefined && (!Number.isInteger(retries) || retries < 0)) throw new TypeError('QuestlineClient: retry.retries must be an integer ≥ 0');
    if (!options.fetch && !globalThis.fetch) throw new TypeError('QuestlineClient: no global fetch; pass the fetch option');
    this.api = createQuestlineApi(options);
    this.onError = options.onError;
  }

  /**
   * Queues an event for the next batch. Resolves with the server's result for this event, or
   * rejects with `QuestlineEventRejectedError` (the server refused this event),
   * `QuestlineHttpError` (the whole batch request failed) or `QuestlineNetworkError`.
   *
   * The returned promise never causes an unhandled rejection: failures are also reported to
   * `onError`, so it is safe not to await it.
   */
  track(event: QuestlineEventInput): Promise<EventAccepted> {
    let resolve!: (r: EventAccepted) => void;
    let reject!: (e: QuestlineError) => void;
    const promise = new Promise<EventAccepted>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    promise.catch(() => undefined); // handled here; the caller still sees the rejection if it awaits

    if (this.closing) {
      this.fail(new QuestlineClientClosedError(), [event], [reject]);
      return promise;
    }
    let prepared: QuestlineEventInput;
    let json: string;
    try {
      prepared = withIdempotencyKey(assertEventObject(event));
      json = JSON.stringify(prepared);
    } catch (err) {
      this.fail(err instanceof QuestlineError ? err : new QuestlineError(`The event cannot be serialised as JSON: ${messageOf(err)}`, { cause: err }), [event], [reject]);
      return promise;
    }
    this.queue.push({ seq: ++this.seq, event: prepared, json, bytes: encoder.encode(json).byteLength, queuedAt: Date.now(), promise, resolve, reject });
    this.pump();
    return promise;
  }

  /**
   * Sends one event immediately (`POST /v1/events`), with the same retries as batches.
   * Rejects with `QuestlineHttpError` when the server refuses it (e.g. 422 with field errors).
   */
  async send(event: QuestlineEventInput): Promise<EventAccepted> {
    if (this.closing) throw new QuestlineClientClosedError();
    const body = JSON.stringify(withIdempotencyKey(assertEventObject(event)));
    const sending = this.call<EventAccepted>('POST /v1/events', () => this.api.POST('/v1/events', { body: {}, bodySerializer: () => body }));
    this.activeSends.add(sending);
    try {
      return await sending;
    } finally {
      this.activeSends.delete(sending);
    }
  }

  /** Reads an accepted event's processing status (`GET /v1/events/{id}`). */
  getEvent(id: string): Promise<EventRecord> {
    return this.call<EventRecord>('GET /v1/events/{id}', () => this.api.GET('/v1/events/{id}', { params: { path: { id } } }));
  }

  /**
   * Sends every event queued so far, without waiting for the batch thresholds, and resolves once
   * each of them has settled (its `track()` promise resolved or rejected). Never rejects.
   */
  async flush(): Promise<void> {
    const waiting = [...this.inFlight, ...this.queue].map((p) => p.promise);
    this.flushThrough = this.seq;
    this.pump();
    await Promise.allSettled(waiting);
  }

  /**
   * Flushes the queue, waits for `send()`s in progress and stops the batch timer. Later `track()`
   * and `send()` calls reject with `QuestlineClientClosedError`. Idempotent.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.flush();
      await Promise.allSettled([...this.activeSends]);
      this.clearTimer();
    })();
    return this.closing;
  }

  /** Starts the next batch request when one is due and none is in flight; otherwise arms the timer. */
  private pump(): void {
    if (this.sending) return;
    const head = this.queue[0];
    if (!head) {
      this.clearTimer();
      return;
    }
    const due = this.queue.length >= this.maxEvents || head.seq <= this.flushThrough || Date.now() - head.queuedAt >= this.maxDelayMs;
    if (!due) {
      this.armTimer(head);
      return;
    }
    this.clearTimer();
    const chunk = this.takeChunk();
    this.sending = true;
    this.inFlight = chunk;
    void this.deliver(chunk).finally(() => {
      this.sending = false;
      this.inFlight = [];
      this.pump();
    });
  }

  private armTimer(head: Pending): void {
    if (this.timer) return;
    const delay = Math.max(0, head.queuedAt + this.maxDelayMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // Everything queued by now rides along with the overdue head.
      this.flushThrough = Math.max(this.flushThrough, this.seq);
      this.pump();
    }, delay);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Takes up to `maxEvents` events (seed 004: batches of at most 10) and MAX_BATCH_BYTES of body from the head of the queue. */
  private takeChunk(): Pending[] {
    let count = 0;
    let bytes = EMPTY_BATCH_BYTES;
    for (const p of this.queue) {
      if (count === Math.min(this.maxEvents, MAX_BATCH_EVENTS)) break;
      const add = p.bytes + (count > 0 ? 1 : 0);
      if (count > 0 && bytes + add > MAX_BATCH_BYTES) break;
      bytes += add;
      count++;
    }
    return this.queue.splice(0, count);
  }

  /** One batch request; settles every event of the chunk. Never rejects. */
  private async deliver(chunk: Pending[]): Promise<void> {
    let result: BatchResult;
    try {
      const body = `{"events":[${chunk.map((p) => p.json).join(',')}]}`;
      result = await this.call<BatchResult>('POST /v1/events/batch', () => this.api.POST('/v1/events/batch', { body: { events: [] }, bodySerializer: () => body }));
      if (!result || !Array.isArray(result.results)) throw new QuestlineError('The batch response has no results array.');
    } catch (err) {
      const error = err instanceof QuestlineError ? err : new QuestlineError(messageOf(err), { cause: err });
      this.fail(error, chunk.map((p) => p.event), chunk.map((p) => p.reject));
      return;
    }
    const settled = new Set<number>();
    for (const item of result.results as BatchItemResult[]) {
      const index = item?.index;
      const pending = typeof index === 'number' ? chunk[index] : undefined;
      if (!pending || settled.has(index)) continue;
      settled.add(index);
      if ('error' in item) {
        this.fail(new QuestlineEventRejectedError(pointIntoEvent(item.error, index), pending.event, index), [pending.event], [pending.reject]);
      } else {
        pending.resolve({ id: item.id, status: item.status, duplicate: item.duplicate });
      }
    }
    chunk.forEach((pending, index) => {
      if (!settled.has(index)) this.fail(new QuestlineError(`The batch response has no result for event ${index}.`), [pending.event], [pending.reject]);
    });
  }

  private fail(error: QuestlineError, events: QuestlineEventInput[], rejects: Array<(e: QuestlineError) => void>): void {
    for (const reject of rejects) reject(error);
    if (!this.onError) return;
    try {
      this.onError(error, events);
    } catch {
      // the hook must not break delivery
    }
  }

  /** One API call (retried by the API client). Resolves with the 2xx body; throws a `QuestlineError`. */
  private async call<T>(what: string, send: () => Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<T> {
    let outcome: Awaited<ReturnType<typeof send>>;
    try {
      outcome = await send();
    } catch (err) {
      if (err instanceof QuestlineError) throw err;
      throw new QuestlineError(`${what}: ${messageOf(err)}`, { cause: err });
    }
    const { response } = outcome;
    if (response.ok) {
      if (outcome.data === undefined) throw new QuestlineError(`${what}: the ${response.status} response has no JSON body.`);
      return outcome.data as T;
    }
    throw new QuestlineHttpError(response.status, toProblem(response.status, outcome.error), parseRetryAfter(response.headers.get('retry-after')));
  }
}

function assertEventObject<E extends QuestlineEventInput>(event: E): E {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) throw new QuestlineError('An event must be a JSON object.');
  return event;
}

/** The error body as a problem document, or one synthesised from the status when it is not problem+json. */
function toProblem(status: number, body: unknown): QuestlineProblem {
  const problem = body as Partial<QuestlineProblem> | null | undefined;
  if (problem && typeof problem === 'object' && typeof problem.code === 'string') {
    return { type: 'about:blank', title: '', detail: '', ...problem, status: typeof problem.status === 'number' ? problem.status : status } as QuestlineProblem;
  }
  const text = typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body);
  return { type: 'about:blank', title: `HTTP ${status}`, status, detail: text.slice(0, 500), code: `http_${status}` };
}

/**
 * The server's pointers in a batch result point into the batch (`/events/3/payload/x`); a
 * `track()`ed event's error is about that event alone, so they are made relative to it (`/payload/x`).
 */
function pointIntoEvent(problem: QuestlineProblem, index: number): QuestlineProblem {
  if (!problem.errors) return problem;
  const prefix = `/events/${index}`;
  const relative = (pointer: string) => (pointer === prefix ? '' : pointer.startsWith(`${prefix}/`) ? pointer.slice(prefix.length) : pointer);
  return { ...problem, errors: problem.errors.map((e) => ({ ...e, pointer: relative(e.pointer) })) };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function stripUndefined<T extends object>(value: T | undefined): Partial<T> {
  if (!value) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
