import { Inject, Injectable } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { DomainError, eventHeaders, NotFoundError, Topics, UNLINKED_USER_ID, userPartitionKey, type CanonicalEnvelope } from '@questline/contracts';
import { MESSAGE_BUS, type MessageBus } from '@questline/messaging';
import { LOGGER, METRICS, type Logger, type Metrics } from '@questline/platform';
import { PACK_CATALOG, type PackCatalog } from '@questline/rules';
import { EventNormalizer, SCHEMA_REGISTRY, withoutPointers, type NormalizedEvent, type SchemaRegistry } from '@questline/schema-registry';
import { CONSENT_REPOSITORY, type ConsentRepository } from '../../domain/consent.repository';
import { replaceStrings } from '../../domain/replace-strings';
import { INGESTED_EVENT_REPOSITORY, type IngestedEventRepository, type EventStatus, type StoredEvent } from '../../domain/ingested-event.repository';
import { GroupCommit } from './group-commit';

/** The user id of events linked to no one (seed 004: anonymous, or without consent); reserved (contracts' user-id rule), so no product event can name it. */
export const UNLINKED_USER = UNLINKED_USER_ID;

/** A product event as received, in any dialect its tenant accepts, before normalisation. */
export interface IncomingEvent {
  /** The parsed JSON body (HTTP) or message value (Kafka), as sent. */
  event: unknown;
  /** Media type it came with: application/cloudevents+json selects the CloudEvents dialect. */
  contentType?: string;
}

export interface AcceptEventResult {
  id: string;
  status: EventStatus;
  duplicate: boolean;
}

export type AcceptOutcome = ({ ok: true } & AcceptEventResult) | { ok: false; error: DomainError };

/**
 * Normalises product events (their tenant's dialect → canonical envelope, registry validation,
 * upcasting), stores each once per (tenant, idempotency key) and publishes it keyed by
 * tenant:user. Concurrent requests share one INSERT and one Kafka request (group commit); the
 * answer is sent only after both, so an acknowledged event is durable and on its way.
 */
@Injectable()
export class AcceptEventUseCase {
  private readonly normalizer: EventNormalizer;
  private readonly commit: GroupCommit<CanonicalEnvelope, { stored: StoredEvent; created: boolean }>;
  /** Tombstone lookups of concurrent requests share one query (was one query per request). */
  private readonly tombstones: GroupCommit<{ tenantId: string; userId: string }, boolean>;

  constructor(
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    @Inject(SCHEMA_REGISTRY) registry: SchemaRegistry,
    @Inject(INGESTED_EVENT_REPOSITORY) private readonly events: IngestedEventRepository,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(CONSENT_REPOSITORY) private readonly consents: ConsentRepository,
    @Inject(METRICS) private readonly metrics: Metrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.normalizer = new EventNormalizer(registry);
    this.commit = new GroupCommit((envelopes) => this.persistAndPublish(envelopes), {
      maxItems: 1000,
      maxInFlight: 1,
      // A value the database refuses fails only the event that carries it (the normaliser refuses
      // what it knows Postgres would; this catches the rest).
      isolate: (err) => err instanceof DomainError && err.kind === 'validation',
    });
    this.tombstones = new GroupCommit((keys) => this.lookUpTombstones(keys), { maxItems: 5000, maxInFlight: 2 });
  }

  /** One event; throws its validation error. */
  async acceptOne(tenantId: string, incoming: IncomingEvent, transport: string): Promise<AcceptEventResult> {
    const [outcome] = await this.acceptMany(tenantId, [incoming], transport);
    if (!outcome!.ok) throw outcome!.error;
    return { id: outcome!.id, status: outcome!.status, duplicate: outcome!.duplicate };
  }

  /** Many events: one outcome per input, in order. Invalid items do not affect the others. */
  async acceptMany(tenantId: string, incoming: IncomingEvent[], transport: string): Promise<AcceptOutcome[]> {
    const done = this.metrics.ingestDuration.startTimer({ transport: transport.startsWith('kafka:') ? 'kafka' : transport });
    try {
      return await this.accept(tenantId, incoming, transport);
    } finally {
      done();
    }
  }

  private async accept(tenantId: string, incoming: IncomingEvent[], transport: string): Promise<AcceptOutcome[]> {
    const step = (name: string) => this.metrics.ingestSteps.startTimer({ step: name });
    const pack = this.packs.get(tenantId);
    if (!pack) throw new NotFoundError('unknown_tenant', `Tenant "${tenantId}" has no active pack.`);
    const profile = {
      tenantId: pack.tenant,
      namespace: pack.schemaNamespace,
      dialects: pack.ingest.dialects,
      stripTypePrefixes: pack.ingest.stripTypePrefixes,
      maxEventAgeMs: pack.ingest.maxEventAgeDays * 86_400_000,
    };
    const receivedAt = new Date();
    const traceId = trace.getActiveSpan()?.spanContext().traceId;
    const normalizing = step('normalize');

    const normalized: (NormalizedEvent | DomainError)[] = incoming.map((item) => {
      try {
        const result = this.normalizer.normalize(item.event, profile, { contentType: item.contentType, transport, receivedAt });
        const { envelope, notices } = result;
        for (const n of notices) {
          this.metrics.deprecatedUsage.inc({ tenant: this.metrics.tenant(tenantId), kind: n.kind, alias: n.alias ?? '' });
          this.logger.warn({ tenant: tenantId, event_id: envelope.id, type: envelope.type, deprecation: n.kind }, `deprecated: ${n.detail}`);
        }
        if (!envelope.traceId && traceId) envelope.traceId = traceId;
        return result;
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        this.metrics.eventsRejected.inc({ tenant: this.metrics.tenant(tenantId), code: err.code });
        return err;
      }
    });

    normalizing();
    const linking = step('privacy');
    const valid = await this.linkOrCount(pack, normalized.filter((n): n is NormalizedEvent => !(n instanceof DomainError)));
    linking();
    const committing = step('commit');
    const written = await this.commit.submitMany(valid);
    committing();
    let w = 0;
    return normalized.map((n) => {
      if (n instanceof DomainError) return { ok: false as const, error: n };
      const { stored, created } = written[w++]!;
      this.metrics.eventsAccepted.inc({ tenant: this.metrics.tenant(tenantId), dialect: String(n.envelope.meta['dialect'] ?? ''), duplicate: String(!created) });
      return { ok: true as const, id: stored.envelope.id, status: stored.status, duplicate: !created };
    });
  }

  /**
   * Seed 004's privacy rules: an event of an anonymous user (the pack's `privacy.anonymousPrefix`),
   * or lacking a consent its schema or the pack requires, is not linked to anyone — stored without
   * its user id and personal fields, never published to scoring, only counted (settleUnlinked).
   * A consent is the user's latest recorded decision, else the event's own `meta.consents`, else
   * the pack's default (denied when none).
   */
  private async linkOrCount(pack: NonNullable<ReturnType<PackCatalog['get']>>, events: NormalizedEvent[]): Promise<CanonicalEnvelope[]> {
    const privacy = pack.privacy ?? { requireForAll: [], defaults: {} };
    const prefix = privacy.anonymousPrefix;
    const required = (e: NormalizedEvent) => [...(privacy.requireForAll ?? []), ...e.consents];
    const asking = events.filter((e) => !(prefix && e.envelope.userId.startsWith(prefix)) && required(e).length > 0);
    const decided = asking.length > 0 ? await this.consents.decisions(pack.tenant, asking.map((e) => e.envelope.userId)) : new Map<string, Map<string, boolean>>();
    // Users erased on request (tombstones): their events are counted, never linked again.
    const erased = await this.tombstones.submitMany(events.map((e) => ({ tenantId: pack.tenant, userId: e.envelope.userId })));
    const deleted = new Set(events.flatMap((e, i) => (erased[i] ? [e.envelope.userId] : [])));
    return events.map((e) => {
      const env = e.envelope;
      let reason: string | undefined;
      if (deleted.has(env.userId)) reason = 'deleted';
      else if (prefix && env.userId.startsWith(prefix)) reason = 'anonymous';
      else {
        const own = (env.meta['consents'] ?? {}) as Record<string, unknown>;
        const granted = (c: string) => decided.get(env.userId)?.get(c) ?? (typeof own[c] === 'boolean' ? own[c] : privacy.defaults?.[c] === 'granted');
        const missing = required(e).find((c) => !granted(c));
        if (missing) reason = `consent:${missing}`;
      }
      if (!reason) return env;
      const payload = withoutPointers(env.payload, e.pii);
      return {
        ...env,
        userId: UNLINKED_USER,
        // A deleted user's id is not stored again, wherever the payload repeats it.
        payload: reason === 'deleted' ? (replaceStrings(payload, env.userId, UNLINKED_USER) as Record<string, unknown>) : payload,
        meta: { dialect: env.meta['dialect'], unlinked: reason },
      };
    });
  }

  private async lookUpTombstones(keys: { tenantId: string; userId: string }[]): Promise<boolean[]> {
    const byTenant = new Map<string, string[]>();
    for (const k of keys) {
      const users = byTenant.get(k.tenantId);
      if (users) users.push(k.userId);
      else byTenant.set(k.tenantId, [k.userId]);
    }
    const found = new Set<string>();
    await Promise.all([...byTenant].map(async ([tenantId, users]) => (await this.consents.deleted(tenantId, users)).forEach((u) => found.add(`${tenantId}\u0000${u}`))));
    return keys.map((k) => found.has(`${k.tenantId}\u0000${k.userId}`));
  }

  private async persistAndPublish(envelopes: CanonicalEnvelope[]): Promise<{ stored: StoredEvent; created: boolean }[]> {
    const storing = this.metrics.ingestSteps.startTimer({ step: 'store' });
    const results = await this.events.insertMany(envelopes);
    storing();
    // Events linked to no user: processed here (counted), never published.
    const unlinked = envelopes.filter((e) => e.meta['unlinked']);
    if (unlinked.length > 0) {
      await this.consents.settleUnlinked(unlinked.map((e) => ({ tenantId: e.tenantId, id: e.id, type: e.type, occurredAt: e.occurredAt, reason: String(e.meta['unlinked']) })));
    }
    // New events, and duplicates of events not processed yet whose last republish (if any) is older
    // than REPUBLISH_AFTER: the request that stored one may have failed before publishing it, and
    // publishing again is what delivers those (an event already on the topic is deduplicated
    // downstream on its id). New events are not marked published — that was a second write of
    // every row on the hot path — so the first duplicate of a queued event publishes it again once;
    // later ones wait REPUBLISH_AFTER (a client retrying a timed-out batch costs one redelivery).
    const toPublish = new Map<string, CanonicalEnvelope>();
    const republished: string[] = [];
    for (const { stored, created } of results) {
      if (stored.envelope.meta['unlinked'] || toPublish.has(stored.envelope.id)) continue;
      if (created) toPublish.set(stored.envelope.id, stored.envelope);
      else if (stored.republish) {
        toPublish.set(stored.envelope.id, stored.envelope);
        republished.push(stored.envelope.id);
      }
    }
    if (toPublish.size > 0) {
      const publishing = this.metrics.ingestSteps.startTimer({ step: 'publish' });
      await this.bus.publish(
        Topics.EventAccepted,
        [...toPublish.values()].map((e) => ({ key: userPartitionKey(e.tenantId, e.userId), value: e, headers: eventHeaders(e.tenantId, e.id) })),
      );
      publishing();
    }
    if (republished.length > 0) {
      this.metrics.eventsRepublished.inc(republished.length);
      // Only after the publish: a failed one leaves the event due, and the next retry delivers it.
      // Off the response path; if it is lost, the next duplicate publishes again (harmless).
      void this.events.markRepublished(republished).catch((err: unknown) => this.logger.warn({ err }, 'could not mark republished events'));
    }
    return results;
  }
}
