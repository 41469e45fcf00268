import { Inject, Injectable } from '@nestjs/common';
import { ConsumerGroups, type CanonicalEnvelope } from '@questline/contracts';
import { BusConsumer, MESSAGE_BUS, type DeliveredMessage, type MessageBus, type MessageFailure, type Subscription } from '@questline/messaging';
import { PG_POOL, readEventEnvelopes, type SqlPool } from '@questline/persistence';
import { LOGGER, METRICS, type Logger, type Metrics } from '@questline/platform';
import { PACK_CATALOG, type Pack, type PackCatalog } from '@questline/rules';
import { SCHEMA_REGISTRY, type SchemaRegistry } from '@questline/schema-registry';
import { compileOutbound, matchingEvents, renderOutbound, type CompiledOutbound, type OutboundRecord } from './domain/outbound-mapping';
import { OUTCOME_TOPICS, toOutcome, type Outcome, type OutcomeTopic } from './domain/outcomes';

type OutcomeMessage = DeliveredMessage<OutcomeTopic>;

/** Header carrying the outbound message's stable id (also in the envelope, where the dialect puts ids). */
export const OUTBOUND_ID_HEADER = 'questline-outbound-id';

/**
 * Outbound contracts: the tenant's outcomes, published to the tenant's own topics in its own
 * event names and envelope (its pack's `outbound`). A consumer group of its own on the outcome
 * topics, so a slow or misconfigured tenant topic never holds up the feed, streams or webhooks.
 * At least once: the batch's messages are written before its offsets commit, each with a stable
 * id. An outcome the mapping cannot write (its payload fails the tenant's schema) is that
 * message's failure alone: dead-lettered with the schema's errors, the rest of the batch goes out.
 */
@Injectable()
export class PublishOutcomesUseCase extends BusConsumer {
  private readonly ensured = new Set<string>();
  private readonly warned = new Set<string>();

  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    @Inject(SCHEMA_REGISTRY) private readonly registry: SchemaRegistry,
    @Inject(PG_POOL) private readonly pool: SqlPool,
    @Inject(METRICS) private readonly metrics: Metrics,
    @Inject(LOGGER) private readonly log: Logger,
  ) {
    super();
  }

  protected subscribe(): Promise<Subscription> {
    return this.bus.subscribe({
      groupId: ConsumerGroups.Outbound,
      topics: OUTCOME_TOPICS,
      handler: (batch) => this.execute(batch),
    });
  }

  async execute(batch: OutcomeMessage[]): Promise<MessageFailure<OutcomeMessage>[]> {
    const work: { m: OutcomeMessage; o: Outcome; out: CompiledOutbound; pack: Pack }[] = [];
    for (const m of batch) {
      const pack = this.packs.get(m.value.tenantId);
      if (!pack?.outbound) continue;
      const out = compileOutbound(pack, this.registry);
      if (!out) continue;
      if (out instanceof Error) {
        // A pack that cannot be written out is refused at activation; one loaded from disk is logged once per version.
        const k = `${pack.tenant}@${pack.version}`;
        if (!this.warned.has(k)) this.log.error({ tenantId: pack.tenant, version: pack.version, err: out.message }, 'outbound contract does not compile; outcomes not published');
        this.warned.add(k);
        continue;
      }
      const o = toOutcome(m.topic, m.value as never);
      if (o && matchingEvents(out, o).length > 0) work.push({ m, o, out, pack });
    }
    if (work.length === 0) return [];
    // The source event is read back only for what needs it: a template reading `$event…`, or scopes
    // to derive (an older message without them, from a pack with dimensions).
    const sources = await readEventEnvelopes<CanonicalEnvelope>(
      this.pool,
      work.flatMap(({ o, out, pack }) => (o.eventId && (out.readsEvent || (o.scopes === undefined && pack.dimensions.length > 0)) ? [{ tenantId: o.tenantId, id: o.eventId }] : [])),
    );
    const failures: MessageFailure<OutcomeMessage>[] = [];
    const records: OutboundRecord[] = [];
    // The pack each outcome was matched with (a reload during the read changes nothing mid-batch).
    for (const { m, o, out, pack } of work) {
      try {
        const source = o.eventId ? sources.get(`${o.tenantId}|${o.eventId}`) : undefined;
        const mine = matchingEvents(out, o).map((e) => renderOutbound(out, e, o, pack, source, this.registry));
        records.push(...mine);
      } catch (error) {
        this.metrics.outboundRefused.inc({
          tenant: this.metrics.tenant(o.tenantId),
          type: o.kind,
        });
        failures.push({ message: m, error });
      }
    }
    const byTopic = new Map<string, OutboundRecord[]>();
    for (const r of records) {
      const list = byTopic.get(r.topic);
      if (list) list.push(r);
      else byTopic.set(r.topic, [r]);
    }
    const fresh = [...byTopic.keys()].filter((t) => !this.ensured.has(t));
    if (fresh.length > 0) {
      await this.bus.ensureTopics(fresh);
      for (const t of fresh) this.ensured.add(t);
    }
    for (const [topic, list] of byTopic) {
      await this.bus.publishRaw(
        topic,
        list.map((r) => ({
          key: r.key,
          value: JSON.stringify(r.value),
          headers: {
            [OUTBOUND_ID_HEADER]: r.id,
            'content-type': 'application/json',
          },
        })),
      );
    }
    // Counted per tenant and event name, not per message (a labelled inc hashes its labels each time).
    const counts = new Map<string, { tenantId: string; type: string; n: number }>();
    for (const r of records) {
      const k = `${r.tenantId}\u0000${r.type}`;
      const c = counts.get(k);
      if (c) c.n++;
      else counts.set(k, { tenantId: r.tenantId, type: r.type, n: 1 });
    }
    for (const c of counts.values()) this.metrics.outboundPublished.inc({ tenant: this.metrics.tenant(c.tenantId), type: c.type }, c.n);
    return failures;
  }
}
