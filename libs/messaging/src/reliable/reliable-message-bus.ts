import { createHash } from 'node:crypto';
import { dlqTopic, isRetryable, MESSAGE_VERSION_HEADER, messageVersion, parseJsonWithin, type DeadLetterMessage, type ErrorClass, type TopicName } from '@questline/contracts';
import type {
  BatchHandler,
  DeliveredMessage,
  DeliveryFailure,
  MessageBus,
  MessageFailure,
  OutgoingMessage,
  Redelivery,
  SubscribeOptions,
  SubscribeRawOptions,
} from '../message-bus.port';
import { DUE_AT_HEADER, MessageTooLargeError, type ConsumerLag, type Headers, type RawDelivered, type RawOutgoing, type Subscription, type Transport } from '../transport.port';
import type { SkipRequest, StalledPartition } from '../partition-watch';
import { withConsumerSpan } from '../trace-context';
import { describeError, isUnavailable, UndecodableMessageError, type ErrorInfo } from './classify-error';
import { CircuitBreakers, policyDelayMs, SEED_002_RETRY_POLICIES, type CircuitState, type RetryPolicies } from './retry-policies';

/** Seed 001: retry immediately, then after 10 s, then after 60 s, then dead-letter. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [0, 10_000, 60_000];

/** Headers the bus adds to a message it routes; stripped before handing it to a handler. */
export const RetryHeaders = {
  Attempts: 'questline-attempts',
  OriginTopic: 'questline-origin-topic',
  OriginPartition: 'questline-origin-partition',
  OriginOffset: 'questline-origin-offset',
  OriginTimestamp: 'questline-origin-timestamp',
  FirstFailedAt: 'questline-first-failed-at',
  ErrorClass: 'questline-error-class',
  ErrorMessage: 'questline-error-message',
  DueAt: DUE_AT_HEADER,
} as const;
const INTERNAL_HEADERS = new Set<string>(Object.values(RetryHeaders));

export interface ReliableBusOptions {
  /**
   * Delay before each retry. Leading zeros are immediate in-place retries; every other entry is
   * a retry topic per (topic, consumer group). [0, 10000, 60000] → 4 attempts, then the DLQ.
   */
  retryDelaysMs?: readonly number[];
  /** Told about every message routed to a retry topic or the DLQ (status, metrics, logs). */
  onFailure?: (failure: DeliveryFailure) => Promise<void> | void;
  log?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** The largest original value a dead letter carries whole (default 256 KiB); above it, a reference and a hash. */
  maxDeadLetterValueBytes?: number;
  /** Checks each decoded message of a typed topic (see schemaValidator); throwing dead-letters it as VALIDATION. */
  validate?: (topic: string, value: unknown, headers?: Readonly<Record<string, string>>) => void;
  /**
   * Retries per error class (seed 002 §8.1; default SEED_002_RETRY_POLICIES): a failing message of
   * a class with a policy is retried in place with its exponential backoff before the retry topics;
   * an outage of that class past `maxRetries` in a row opens the class's circuit (see CircuitBreakers).
   */
  retryPolicies?: RetryPolicies;
  /** Told when a dependency's circuit opens, half-opens or closes (logs, metrics). */
  onCircuitChange?: (dependency: ErrorClass, state: CircuitState, detail: { failures: number; cooldownMs: number }) => void;
  /** For tests: how the bus waits between in-place retries. */
  sleep?: (ms: number) => Promise<void>;
}

/** Internal messages carry a producer's event one level down: a little more room than ingest's 64 levels. */
const INTERNAL_JSON_LIMITS = { maxBytes: 4 * 1024 * 1024, maxDepth: 96 };
const DEFAULT_MAX_DEAD_LETTER_VALUE_BYTES = 256 * 1024;
/** A dead letter's copy of the original headers: at most this much in all, each value at most 1 KiB. */
const MAX_DEAD_LETTER_HEADER_BYTES = 16 * 1024;

/** Retry topic `tier` (1-based) of `topic` for `groupId`. */
export const retryTopic = (topic: string, groupId: string, tier: number) => `${topic}.${groupId}.retry-${tier}`;

interface Source {
  origin: string;
  /** 0: the topic itself; k ≥ 1: retry topic k. */
  tier: number;
}

interface Item<M> {
  raw: RawDelivered;
  decoded?: M;
  decodeError?: unknown;
}

/** The message bus every service uses: JSON typing, the retry ladder and dead-lettering over any Transport. */
export class ReliableMessageBus implements MessageBus {
  private readonly immediateRetries: number;
  private readonly tierDelays: number[];
  private readonly policies: RetryPolicies;
  private readonly breakers: CircuitBreakers;
  private readonly wait: (ms: number) => Promise<void>;

  constructor(
    private readonly transport: Transport,
    private readonly options: ReliableBusOptions = {},
  ) {
    const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    let i = 0;
    while (i < delays.length && delays[i] === 0) i++;
    this.immediateRetries = i;
    this.tierDelays = delays.slice(i).map((d) => Math.max(0, d));
    this.policies = options.retryPolicies ?? SEED_002_RETRY_POLICIES;
    this.breakers = new CircuitBreakers(this.policies, (dependency, state, detail) => {
      this.options.log?.[state === 'open' ? 'error' : 'warn']({ dependency, state, ...detail }, `circuit ${state} for ${dependency}`);
      this.options.onCircuitChange?.(dependency, state, detail);
    });
    this.wait = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** The state of each dependency's circuit (readiness, metrics). */
  circuit(dependency: ErrorClass): CircuitState {
    return this.breakers.state(dependency);
  }

  ensureTopics(topics: readonly string[]): Promise<void> {
    return this.transport.ensureTopics(topics);
  }

  publish<T extends TopicName>(topic: T, messages: OutgoingMessage<T>[]): Promise<void> {
    // Every internal message says which version of its topic's schema it was written in.
    const version = messageVersion(topic);
    const versionHeader = version === undefined ? undefined : { [MESSAGE_VERSION_HEADER]: String(version) };
    return this.transport.send(
      topic,
      messages.map((m) => ({ key: m.key, value: JSON.stringify(m.value), headers: versionHeader ? Object.assign({}, m.headers, versionHeader) : m.headers })),
    );
  }

  publishRaw(topic: string, messages: RawOutgoing[]): Promise<void> {
    return this.transport.send(topic, messages);
  }

  subscribe<T extends TopicName>(options: SubscribeOptions<T>): Promise<Subscription> {
    return this.consumeReliably<DeliveredMessage<T>>(options.groupId, options.topics, options.maxBatchSize, options.handler, (raw, origin, previousAttempts) => {
      if (raw.value === null) throw new UndecodableMessageError('empty message value (tombstone) on a JSON topic');
      const value = parseJsonWithin(raw.value, INTERNAL_JSON_LIMITS);
      this.options.validate?.(origin, value, raw.headers);
      // The topic names the type of its value: validated above against the topic's schema.
      return { topic: origin, partition: raw.partition, offset: raw.offset, key: raw.key, value, headers: raw.headers, previousAttempts } as DeliveredMessage<T>;
    });
  }

  async subscribeRaw(options: SubscribeRawOptions): Promise<Subscription> {
    if (options.retry === false) {
      await this.transport.ensureTopics(options.topics);
      return this.transport.consume({
        groupId: options.groupId,
        topics: options.topics,
        maxBatchSize: options.maxBatchSize,
        handler: async (batch) => {
          const failed = await options.handler(batch);
          if (failed && failed.length > 0) throw failed[0]!.error;
        },
      });
    }
    return this.consumeReliably<RawDelivered>(options.groupId, options.topics, options.maxBatchSize, options.handler, (raw, origin) => withTopic(raw, origin));
  }

  async redeliver(messages: Redelivery[]): Promise<void> {
    const byTopic = new Map<string, RawOutgoing[]>();
    const now = String(Date.now());
    for (const m of messages) {
      // Through the group's first retry topic, so other groups that already processed it are not bothered.
      const topic = this.tierDelays.length > 0 ? retryTopic(m.originTopic, m.groupId, 1) : m.originTopic;
      const headers = stripInternal(m.headers);
      if (topic !== m.originTopic) Object.assign(headers, { [RetryHeaders.Attempts]: '0', [RetryHeaders.OriginTopic]: m.originTopic, [RetryHeaders.DueAt]: now });
      const list = byTopic.get(topic) ?? [];
      list.push({ key: m.key, value: m.value, headers });
      byTopic.set(topic, list);
    }
    await this.transport.ensureTopics([...byTopic.keys()]);
    for (const [topic, list] of byTopic) await this.transport.send(topic, list);
  }

  isHealthy(): Promise<boolean> {
    return this.transport.isHealthy();
  }

  consumerLag(): Promise<ConsumerLag[]> {
    return this.transport.consumerLag?.() ?? Promise.resolve([]);
  }

  stalled(minMs?: number): StalledPartition[] {
    return this.transport.stalled(minMs);
  }

  skip(request: SkipRequest): void {
    this.transport.skip(request);
  }

  close(): Promise<void> {
    return this.transport.close();
  }

  private async consumeReliably<M>(
    groupId: string,
    topics: readonly string[],
    maxBatchSize: number | undefined,
    handler: BatchHandler<M>,
    decode: (raw: RawDelivered, origin: string, previousAttempts: number) => M,
  ): Promise<Subscription> {
    const sources = new Map<string, Source>();
    for (const origin of topics) {
      sources.set(origin, { origin, tier: 0 });
      this.tierDelays.forEach((_, i) => sources.set(retryTopic(origin, groupId, i + 1), { origin, tier: i + 1 }));
    }
    await this.transport.ensureTopics([...sources.keys(), ...topics.map(dlqTopic)]);
    return this.transport.consume({
      groupId,
      topics: [...sources.keys()],
      maxBatchSize,
      handler: async (batch) => {
        const source = sources.get(batch[0]!.topic)!;
        // A dependency whose circuit is open is not called: the batch waits in place (the transport retries it).
        this.breakers.before();
        const items = batch.map((raw): Item<M> => {
          const clean: RawDelivered = { topic: raw.topic, partition: raw.partition, offset: raw.offset, key: raw.key, value: raw.value, headers: withoutInternal(raw.headers), timestamp: raw.timestamp };
          try {
            return { raw, decoded: decode(clean, source.origin, attemptsSoFar(raw)) };
          } catch (err) {
            return { raw, decodeError: err instanceof SyntaxError ? new UndecodableMessageError(`not JSON: ${err.message}`) : err };
          }
        });
        const failures = await this.process(groupId, source, items, handler);
        // A dependency that is down is nobody's message's fault: keep the batch (the transport retries
        // it in place and reports the partition stalled) instead of dead-lettering what is in flight.
        const down = failures.find((f) => isUnavailable(f.error));
        if (down) {
          this.breakers.failed(describeError(down.error).class);
          throw down.error;
        }
        this.breakers.succeeded();
        if (failures.length > 0) await this.route(groupId, source, failures);
      },
    });
  }

  /** Runs the handler; returns the messages that still fail after isolation and immediate retries. */
  private async process<M>(groupId: string, source: Source, items: Item<M>[], handler: BatchHandler<M>): Promise<{ item: Item<M>; error: unknown; attempts: number }[]> {
    const failed: { item: Item<M>; error: unknown; attempts: number }[] = [];
    const good: Item<M>[] = [];
    for (const item of items) {
      if (item.decodeError !== undefined) failed.push({ item, error: item.decodeError, attempts: attemptsSoFar(item.raw) + 1 });
      else good.push(item);
    }
    if (good.length === 0) return failed;

    const byMessage = new Map(good.map((i) => [i.decoded as M, i]));
    const run = async (batch: Item<M>[]) => {
      const head = batch[0]!.raw;
      const reported = await withConsumerSpan(
        `${source.origin} process`,
        head.headers,
        { 'messaging.system': 'questline', 'messaging.destination.name': source.origin, 'messaging.consumer.group.name': groupId, 'messaging.batch.message_count': batch.length },
        () => handler(batch.map((i) => i.decoded as M)),
      );
      return (reported ?? []).map((f: MessageFailure<M>) => ({ item: byMessage.get(f.message) ?? batch[0]!, error: f.error }));
    };

    // `tries`: handler calls that included the message in this delivery.
    let firstTry: { item: Item<M>; error: unknown; tries: number }[];
    try {
      firstTry = (await run(good)).map((f) => ({ ...f, tries: 1 }));
    } catch (err) {
      if (good.length === 1) firstTry = [{ item: good[0]!, error: err, tries: 1 }];
      else {
        // Something in the batch failed: find out what, one message at a time (in order). For the
        // failing message this second call is its immediate retry.
        firstTry = [];
        for (const item of good) {
          try {
            firstTry.push(...(await run([item])).map((f) => ({ ...f, tries: 2 })));
          } catch (e) {
            firstTry.push({ item, error: e, tries: 2 });
          }
        }
      }
    }

    for (const f of firstTry) {
      let { error, tries } = f;
      // In-place retries happen only on the first delivery; retry topics give the later ones. A class
      // with a policy (seed 002: DATABASE, NETWORK) backs off exponentially; others retry at once.
      // An outage is not retried here: the whole batch waits in place (see consumeReliably).
      for (;;) {
        if (error === undefined || source.tier !== 0 || isUnavailable(error)) break;
        const cls = describeError(error).class;
        const policy = this.policies[cls];
        if (!isRetryable(cls) || tries > (policy ? policy.maxRetries : this.immediateRetries)) break;
        if (policy) await this.wait(policyDelayMs(policy, tries));
        tries++;
        try {
          const again = await run([f.item]);
          if (again.length === 0) {
            error = undefined;
            break;
          }
          error = again[0]!.error;
        } catch (e) {
          error = e;
        }
      }
      if (error !== undefined) failed.push({ item: f.item, error, attempts: attemptsSoFar(f.item.raw) + tries });
    }
    return failed;
  }

  /** Sends each failed message to the next retry topic, or to the DLQ; throws only if that write fails. */
  private async route<M>(groupId: string, source: Source, failures: { item: Item<M>; error: unknown; attempts: number }[]): Promise<void> {
    const now = Date.now();
    const nextTier = source.tier + 1;
    const retries: RawOutgoing[] = [];
    const dead: RawOutgoing[] = [];
    const reports: DeliveryFailure[] = [];
    for (const { item, error, attempts } of failures) {
      const info = describeError(error);
      const raw = item.raw;
      const firstFailedAt = raw.headers[RetryHeaders.FirstFailedAt] ?? new Date(now).toISOString();
      const origin = {
        topic: source.origin,
        partition: Number(raw.headers[RetryHeaders.OriginPartition] ?? raw.partition),
        offset: raw.headers[RetryHeaders.OriginOffset] ?? raw.offset,
        timestamp: Number(raw.headers[RetryHeaders.OriginTimestamp] ?? raw.timestamp),
      };
      const retry = isRetryable(info.class) && nextTier <= this.tierDelays.length;
      const userHeaders = stripInternal(raw.headers);
      if (retry) {
        retries.push({
          key: raw.key,
          value: raw.value,
          headers: {
            ...userHeaders,
            [RetryHeaders.Attempts]: String(attempts),
            [RetryHeaders.OriginTopic]: origin.topic,
            [RetryHeaders.OriginPartition]: String(origin.partition),
            [RetryHeaders.OriginOffset]: origin.offset,
            [RetryHeaders.OriginTimestamp]: String(origin.timestamp),
            [RetryHeaders.FirstFailedAt]: firstFailedAt,
            [RetryHeaders.ErrorClass]: info.class,
            [RetryHeaders.ErrorMessage]: info.message.slice(0, 500),
            [RetryHeaders.DueAt]: String(now + this.tierDelays[nextTier - 1]!),
          },
        });
      } else {
        dead.push(this.deadLetter(raw, { ...info, ...stackOf(error) }, { now, firstFailedAt, attempts, groupId, origin, userHeaders }));
      }
      reports.push({ groupId, originTopic: source.origin, message: { ...raw, headers: userHeaders }, error: info, attempts, outcome: retry ? 'retrying' : 'dead_lettered' });
      this.options.log?.warn(
        { group: groupId, topic: source.origin, partition: origin.partition, offset: origin.offset, key: raw.key, attempts, error_class: info.class, err: info.message },
        retry ? `message failed; retrying in ${this.tierDelays[nextTier - 1]} ms` : 'message failed; dead-lettered',
      );
    }
    if (retries.length > 0) {
      try {
        await this.transport.send(retryTopic(source.origin, groupId, nextTier), retries);
      } catch (err) {
        if (!(err instanceof MessageTooLargeError)) throw err;
        // The message and its retry headers are over the broker's limit: it can never be retried
        // as it is, so it is dead-lettered (bounded) rather than left to stall the partition.
        for (const r of retries) dead.push(this.deadLetterOfRetry(r, groupId, source.origin, now));
      }
    }
    if (dead.length > 0) await this.sendDeadLetters(dlqTopic(source.origin), dead);
    for (const r of reports) {
      try {
        await this.options.onFailure?.(r);
      } catch (err) {
        this.options.log?.error({ err, group: groupId, topic: source.origin }, 'delivery-failure listener failed');
      }
    }
  }

  /**
   * The dead letter of a failed message, bounded whatever the message: the original value whole up
   * to `maxDeadLetterValueBytes` (with `originalEvent` parsed from it when it parses within limits),
   * else a reference (topic, partition, offset) with its size and SHA-256 and a short preview;
   * headers bounded too. Never throws on the message's content (a value 10,000 levels deep is
   * never parsed), so dead-lettering always succeeds and the partition always moves on.
   */
  private deadLetter(
    raw: RawDelivered,
    info: ErrorInfo,
    ctx: { now: number; firstFailedAt: string; attempts: number; groupId: string; origin: { topic: string; partition: number; offset: string; timestamp: number }; userHeaders: Headers },
  ): RawOutgoing {
    const limit = this.options.maxDeadLetterValueBytes ?? DEFAULT_MAX_DEAD_LETTER_VALUE_BYTES;
    const bytes = raw.value === null ? 0 : Buffer.byteLength(raw.value);
    const kept = raw.value !== null && bytes <= limit;
    let originalEvent: unknown = null;
    if (kept && raw.value !== null) {
      try {
        originalEvent = parseJsonWithin(raw.value, { maxBytes: limit, maxDepth: INTERNAL_JSON_LIMITS.maxDepth });
      } catch {
        originalEvent = null; // not JSON, or too deep: the original value is kept as text
      }
    }
    const headers = boundedHeaders(ctx.userHeaders);
    const value: DeadLetterMessage = {
      originalEvent,
      originalValue: kept ? raw.value : null,
      ...(raw.value !== null && !kept
        ? { originalRef: { topic: ctx.origin.topic, partition: ctx.origin.partition, offset: ctx.origin.offset, bytes, sha256: createHash('sha256').update(raw.value).digest('hex'), preview: raw.value.slice(0, 512) } }
        : {}),
      error: info,
      timestamp: new Date(ctx.now).toISOString(),
      firstFailedAt: ctx.firstFailedAt,
      retryCount: Math.max(0, ctx.attempts - 1),
      attempts: ctx.attempts,
      groupId: ctx.groupId,
      origin: { ...ctx.origin, key: raw.key.slice(0, 1024), timestamp: new Date(ctx.origin.timestamp || ctx.now).toISOString(), headers },
    };
    return { key: raw.key.slice(0, 1024), value: JSON.stringify(value), headers: { ...headers, [RetryHeaders.ErrorClass]: info.class, 'questline-dlq-group': ctx.groupId } };
  }

  /** A retry record the broker refused as too large, turned into its (bounded) dead letter. */
  private deadLetterOfRetry(r: RawOutgoing, groupId: string, originTopic: string, now: number): RawOutgoing {
    const h = r.headers ?? {};
    const raw: RawDelivered = { topic: originTopic, partition: Number(h[RetryHeaders.OriginPartition] ?? 0), offset: h[RetryHeaders.OriginOffset] ?? '', key: r.key, value: r.value, headers: h, timestamp: Number(h[RetryHeaders.OriginTimestamp] ?? now) };
    const info: ErrorInfo = { class: 'VALIDATION', name: 'MessageTooLargeError', message: `too large to retry: ${h[RetryHeaders.ErrorMessage] ?? ''}`.slice(0, 2_000) };
    return this.deadLetter(raw, info, {
      now,
      firstFailedAt: h[RetryHeaders.FirstFailedAt] ?? new Date(now).toISOString(),
      attempts: Number(h[RetryHeaders.Attempts] ?? 1),
      groupId,
      origin: { topic: originTopic, partition: raw.partition, offset: raw.offset, timestamp: raw.timestamp },
      userHeaders: stripInternal(h),
    });
  }

  /** Writes dead letters; one the broker still refuses is cut down to its reference alone (it always fits). */
  private async sendDeadLetters(topic: string, dead: RawOutgoing[]): Promise<void> {
    try {
      await this.transport.send(topic, dead);
    } catch (err) {
      if (!(err instanceof MessageTooLargeError)) throw err;
      await this.transport.send(topic, dead.map(minimalDeadLetter));
    }
  }
}

/** The bounded copy of the original headers a dead letter keeps. */
function boundedHeaders(headers: Headers): Headers {
  const out: Headers = {};
  let total = 0;
  for (const [k, v] of Object.entries(headers)) {
    const size = Buffer.byteLength(k) + Buffer.byteLength(v);
    if (Buffer.byteLength(v) > 1024 || total + size > MAX_DEAD_LETTER_HEADER_BYTES) {
      out['questline-headers-truncated'] = 'true';
      continue;
    }
    out[k] = v;
    total += size;
  }
  return out;
}

/** Seed 002 §8.2: the dead letter carries the error's stack (its first 4 KiB). */
function stackOf(error: unknown): { stack?: string } {
  const stack = error instanceof Error ? error.stack : undefined;
  return stack ? { stack: stack.slice(0, 4_096) } : {};
}

function attemptsSoFar(raw: RawDelivered): number {
  const n = Number(raw.headers[RetryHeaders.Attempts]);
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/** The headers without Questline's retry bookkeeping: the same object when it has none (a first delivery, the common case), else a copy. */
function withoutInternal(headers: Headers): Headers {
  for (const k in headers) if (INTERNAL_HEADERS.has(k) || k === 'questline-dlq-group') return stripInternal(headers);
  return headers;
}

function stripInternal(headers: Headers): Headers {
  const out: Headers = {};
  for (const k in headers) if (Object.hasOwn(headers, k) && !INTERNAL_HEADERS.has(k) && k !== 'questline-dlq-group') out[k] = headers[k]!;
  return out;
}

/** A delivered message read as coming from `topic` (its origin, for one on a retry topic). A literal, not `{ ...raw, topic }`: see hot-path spreads in the README. */
function withTopic(raw: RawDelivered, topic: string): RawDelivered {
  return { topic, partition: raw.partition, offset: raw.offset, key: raw.key, value: raw.value, headers: raw.headers, timestamp: raw.timestamp };
}

/** A dead letter without the original value and headers: what is left when even the bounded one does not fit. */
function minimalDeadLetter(m: RawOutgoing): RawOutgoing {
  const d = JSON.parse(m.value ?? '{}') as DeadLetterMessage;
  const slim: DeadLetterMessage = {
    ...d,
    originalEvent: null,
    originalValue: null,
    originalRef: d.originalRef ?? { topic: d.origin.topic, partition: d.origin.partition, offset: d.origin.offset, bytes: d.originalValue ? Buffer.byteLength(d.originalValue) : 0, sha256: d.originalValue ? createHash('sha256').update(d.originalValue).digest('hex') : '', preview: (d.originalValue ?? '').slice(0, 512) },
    origin: { ...d.origin, headers: {} },
  };
  return { key: m.key.slice(0, 256), value: JSON.stringify(slim), headers: { [RetryHeaders.ErrorClass]: m.headers?.[RetryHeaders.ErrorClass] ?? 'UNKNOWN' } };
}

export type { ErrorInfo };
