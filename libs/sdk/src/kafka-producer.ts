import { EventHeaders, SHARED_INBOUND_TOPIC, ValidationFailedError, userPartitionKey, type FieldError } from '@questline/contracts';
import { EventNormalizer, type IngestProfile, type SchemaRegistry } from '@questline/schema-registry';

/** A Kafka message as the helper produces it (a subset of kafkajs' `Message`). */
export interface KafkaMessage {
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** A produce request (a subset of kafkajs' `ProducerRecord`). */
export interface KafkaProducerRecord {
  topic: string;
  /** -1: wait for all in-sync replicas. */
  acks: number;
  messages: KafkaMessage[];
}

/** Anything that can send a produce request; a connected kafkajs `Producer` fits. */
export interface KafkaProducerLike {
  send(record: KafkaProducerRecord): Promise<unknown>;
}

export interface QuestlineKafkaProducerOptions {
  /** A connected producer (kafkajs `Producer`); the helper neither connects nor disconnects it. */
  producer: KafkaProducerLike;
  /** The event registry, e.g. `loadRegistry('event-schemas')` from `@questline/schema-registry`. */
  registry: SchemaRegistry;
  /** The tenant the events belong to: sent in the `questline-tenant` header, and with the user id it makes the partition key. */
  tenantId: string;
  /**
   * Where to publish: the shared inbound topic `questline.inbound.v1` (the default; every message
   * names its tenant in the `questline-tenant` header), or one of the tenant's own topics (its
   * pack's `ingest.kafkaTopics`, where the topic names the tenant).
   */
  topic?: string;
  /** The tenant's schema namespace under `event-schemas/` (its pack's `schemaNamespace`). */
  namespace: string;
  /** The tenant's envelope dialects in detection order (its pack's `ingest.dialects`). Default `['canonical']`. */
  dialects?: string[];
  /** Prefixes removed from incoming type names (its pack's `ingest.stripTypePrefixes`), e.g. `com.tektree.`. */
  stripTypePrefixes?: string[];
}

/** What `send()` published. */
export interface KafkaSendResult {
  topic: string;
  /** One per event, in order: the partition key and the canonical event id the server will assign. */
  messages: Array<{ key: string; eventId: string }>;
}

/**
 * Publishes product events straight to Kafka, validating them against the event registry first
 * (seed 003 §3.4, "validate before publish"): each event is normalised exactly as ingest will
 * normalise it — dialect detection, naming convention, JSON Schema, idempotency key, event time.
 *
 * A batch is all or nothing: if any event is invalid, `send()` throws a `ValidationFailedError`
 * whose errors point into the array (`/<index>/<pointer into the event>`) and nothing is sent.
 * Otherwise every event is sent as its original JSON (ingest normalises it again) to
 * `questline.inbound.v1` (or the configured topic) with the `questline-tenant` header, keyed
 * `<tenantId>:<userId>` so a user's events stay in order, with `acks: -1`.
 */
export class QuestlineKafkaProducer {
  private readonly normalizer: EventNormalizer;
  private readonly profile: IngestProfile;

  constructor(private readonly options: QuestlineKafkaProducerOptions) {
    this.normalizer = new EventNormalizer(options.registry);
    this.profile = {
      tenantId: options.tenantId,
      namespace: options.namespace,
      dialects: options.dialects ?? ['canonical'],
      ...(options.stripTypePrefixes ? { stripTypePrefixes: options.stripTypePrefixes } : {}),
    };
    if (!options.registry.namespace(options.namespace)) throw new TypeError(`QuestlineKafkaProducer: unknown schema namespace "${options.namespace}"`);
    for (const id of this.profile.dialects) {
      if (!options.registry.dialect(id)) throw new TypeError(`QuestlineKafkaProducer: unknown dialect "${id}"`);
    }
  }

  /** Validates every event, then sends them all in one produce request — or sends nothing. */
  async send(events: readonly unknown[]): Promise<KafkaSendResult> {
    const topic = this.options.topic ?? SHARED_INBOUND_TOPIC;
    const receivedAt = new Date();
    const messages: KafkaMessage[] = [];
    const sent: KafkaSendResult['messages'] = [];
    const errors: FieldError[] = [];
    let invalid = 0;
    events.forEach((event, index) => {
      let json: string | undefined;
      let reason = '';
      try {
        json = JSON.stringify(event);
      } catch (err) {
        reason = `: ${err instanceof Error ? err.message : String(err)}`;
      }
      if (json === undefined) {
        invalid++;
        errors.push({ pointer: `/${index}`, detail: `not serialisable as JSON${reason}` });
        return;
      }
      try {
        // Validate what goes on the wire, as ingest will read it (Dates become strings, undefined fields vanish).
        const { envelope } = this.normalizer.normalize(JSON.parse(json), this.profile, { receivedAt, transport: `kafka:${topic}` });
        const key = userPartitionKey(this.options.tenantId, envelope.userId);
        messages.push({ key, value: json, headers: { 'content-type': 'application/json', [EventHeaders.Tenant]: this.options.tenantId } });
        sent.push({ key, eventId: envelope.id });
      } catch (err) {
        if (!(err instanceof ValidationFailedError)) throw err;
        invalid++;
        const fieldErrors = err.errors.length > 0 ? err.errors : [{ pointer: '', detail: err.message }];
        for (const e of fieldErrors) errors.push({ pointer: `/${index}${e.pointer}`, detail: `${err.code}: ${e.detail}` });
      }
    });
    if (invalid > 0) {
      throw new ValidationFailedError(`${invalid} of ${events.length} event(s) failed validation; nothing was sent.`, errors);
    }
    if (messages.length > 0) await this.options.producer.send({ topic, acks: -1, messages });
    return { topic, messages: sent };
  }
}
