import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics (prom-client). One registry per process, served at GET /metrics by the
 * runtime. Domain code never touches it: use cases receive the typed `Metrics` object.
 */
export const METRICS = Symbol('METRICS');

export function createMetrics(service: string, options: { tenantLabels?: boolean } = {}) {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    /**
     * The `tenant` label value: the tenant id only where the operator opted in
     * (METRICS_TENANT_LABELS=true, which also puts /metrics behind the root key); otherwise "all",
     * so a public scrape endpoint never lists who the tenants are or how busy each is.
     */
    tenant: (tenantId: string) => (options.tenantLabels ? tenantId : 'all'),
    eventsAccepted: new Counter({ name: 'questline_events_accepted_total', help: 'Events accepted by ingest', labelNames: ['tenant', 'dialect', 'duplicate'] as const, registers: [registry] }),
    eventsRepublished: new Counter({
      name: 'questline_events_republished_total',
      help: 'Queued events a duplicate published again (its first publish may have failed; downstream deduplicates on the id)',
      registers: [registry],
    }),
    eventsRejected: new Counter({ name: 'questline_events_rejected_total', help: 'Events refused by ingest, by error code', labelNames: ['tenant', 'code'] as const, registers: [registry] }),
    deprecatedUsage: new Counter({
      name: 'questline_deprecated_usage_total',
      help: 'Events that used a deprecated alias or schema version (accepted, but the producer should migrate)',
      labelNames: ['tenant', 'kind', 'alias'] as const,
      registers: [registry],
    }),
    deliveryFailures: new Counter({
      name: 'questline_delivery_failures_total',
      help: 'Messages a consumer failed on, by outcome (retrying or dead_lettered) and error class',
      labelNames: ['topic', 'group', 'outcome', 'error_class'] as const,
      registers: [registry],
    }),
    deadLettersPending: new Gauge({
      name: 'questline_dlq_pending_messages',
      help: 'Dead letters waiting for an operator (neither replayed nor discarded), by origin topic',
      labelNames: ['topic'] as const,
      registers: [registry],
    }),
    /** Reports, at each scrape, the consumer partitions of this process that cannot move (and for how long). */
    watchStalls(stalled: () => { groupId: string; topic: string; partition: number; since: number }[]) {
      new Gauge({
        name: 'questline_consumer_stalled_seconds',
        help: 'Consumer partitions whose batch keeps failing in place: seconds since it first failed (absent when none is stuck)',
        labelNames: ['group', 'topic', 'partition'] as const,
        registers: [registry],
        collect() {
          this.reset();
          const now = Date.now();
          for (const s of stalled()) this.set({ group: s.groupId, topic: s.topic, partition: String(s.partition) }, (now - s.since) / 1000);
        },
      });
    },
    /** Reports, at each scrape, the consumer lag of this process's groups (every instance of a group reports the same figure: alert on max). */
    watchLag(lag: () => Promise<{ groupId: string; topic: string; lag: number }[]>) {
      new Gauge({
        name: 'questline_consumer_lag_messages',
        help: 'Messages on a topic not yet consumed by a consumer group of this process (end offsets minus committed offsets)',
        labelNames: ['group', 'topic'] as const,
        registers: [registry],
        async collect() {
          this.reset();
          // A broker that does not answer leaves the series out (readiness and the stall gauge say why).
          for (const l of await lag().catch(() => [])) this.set({ group: l.groupId, topic: l.topic }, l.lag);
        },
      });
    },
    eventsSettled: new Counter({
      name: 'questline_events_settled_total',
      help: "Events that reached their final state (processed or dead_lettered), by the tenant's metrics dimension (seed 002 §9.1: volume and error rate by journey)",
      labelNames: ['tenant', 'dimension', 'status'] as const,
      registers: [registry],
    }),
    eventProcessing: new Histogram({
      name: 'questline_event_processing_seconds',
      help: "Time from an event's acceptance to its final state, by the tenant's metrics dimension (seed 002 §9.1: processing time)",
      labelNames: ['tenant', 'dimension'] as const,
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers: [registry],
    }),
    retentionArchived: new Counter({
      name: 'questline_retention_archived_total',
      help: 'Events archived and deleted from the event store by the retention job, by type',
      labelNames: ['tenant', 'type'] as const,
      registers: [registry],
    }),
    retentionAnonymised: new Counter({
      name: 'questline_retention_anonymised_total',
      help: "Events whose identity the retention job removed after the namespace's period (seed 004: 90 days)",
      labelNames: ['tenant'] as const,
      registers: [registry],
    }),
    userErasures: new Counter({
      name: 'questline_user_erasures_total',
      help: 'Data-subject deletions carried out (first requests and repeats)',
      labelNames: ['tenant', 'repeated'] as const,
      registers: [registry],
    }),
    circuitOpen: new Gauge({
      name: 'questline_circuit_open',
      help: 'A dependency circuit of this process (seed 002: DATABASE, NETWORK) that is open or half-open (1): its consumers wait instead of calling handlers',
      labelNames: ['dependency'] as const,
      registers: [registry],
    }),
    outboundPublished: new Counter({
      name: 'questline_outbound_published_total',
      help: "Outcomes published to tenants' own topics (outbound contracts), by event name",
      labelNames: ['tenant', 'type'] as const,
      registers: [registry],
    }),
    outboundRefused: new Counter({
      name: 'questline_outbound_refused_total',
      help: "Outcomes the tenant's outbound mapping could not write (payload or envelope failed the tenant's schema): dead-lettered",
      labelNames: ['tenant', 'type'] as const,
      registers: [registry],
    }),
    ingestDuration: new Histogram({
      name: 'questline_ingest_seconds',
      help: 'Time to accept a request of events (HTTP or a Kafka batch): normalised, stored and published',
      labelNames: ['transport'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    /**
     * Where the time of accepting events goes (issue 23): per request, `normalize` (dialect,
     * registry validation), `privacy` (tombstones and consents), `commit` (waiting for the group
     * commit); per group commit, `store` (the INSERT) and `publish` (the Kafka send, acks=all).
     */
    ingestSteps: new Histogram({
      name: 'questline_ingest_step_seconds',
      help: 'Time of each step of accepting events: normalize, privacy, commit (per request); store, publish (per group commit)',
      labelNames: ['step'] as const,
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    authDuration: new Histogram({
      name: 'questline_http_auth_seconds',
      help: 'Time to authorize a request (key lookup or cache, scope, rate limit)',
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1],
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
