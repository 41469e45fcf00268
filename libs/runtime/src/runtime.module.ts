import { join } from 'node:path';
import {
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ALL_TOPICS, BOARD_ERASURE, EventHeaders, Topics, userPartitionKey } from '@questline/contracts';

/** The topics packed when KAFKA_PACK_INTERNAL is on: the internal ones (not their retry or dead-letter topics, not tenants'). */
const INTERNAL_TOPICS: ReadonlySet<string> = new Set(ALL_TOPICS);
import { RANK_STORE, type RankStore } from '@questline/leaderboard';
import { MemoryRankStore, RankStoreErasure, RedisRankStore } from '@questline/leaderboard/adapters';
import { LIVE_CHANNEL, MESSAGE_BUS, type DeliveryFailure, type LiveChannel, type MessageBus } from '@questline/messaging';
import { InProcessTransport, KafkaTransport, MemoryLiveChannel, RedisLiveChannel, ReliableMessageBus, schemaValidator } from '@questline/messaging/adapters';
import {
  PRISMA,
  applyMigrations,
  AUDIT_LOG,
  AUDIT_TRAIL,
  createDatabase,
  PrismaAuditLog,
  PG_POOL,
  startEmbeddedPostgres,
  type Db,
  type SqlPool,
  type EmbeddedPostgres,
} from '@questline/persistence';
import { APP_CONFIG, LOGGER, METRICS, SocketRoutes, createLogger, createMetrics, databaseTls, kafkaSecurity, redisTls, type AppConfig, type Logger, type Metrics } from '@questline/platform';
import { PACK_CATALOG, type PackCatalog } from '@questline/rules';
import { SCHEMA_REGISTRY, loadRegistry, type SchemaRegistry } from '@questline/schema-registry';
import { AuditController } from './audit.controller';
import { ConsumersController } from './consumers.controller';
import { HealthController, MetricsController } from './health.controller';
import { DbPackCatalog } from './db-pack-catalog';
import { FilePackCatalog } from './file-pack-catalog';

const EMBEDDED_PG = Symbol('EMBEDDED_PG');
const DATABASE_URL = Symbol('DATABASE_URL');
const DATABASE = Symbol('DATABASE');

@Injectable()
class RuntimeLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(PRISMA) private readonly db: Db,
    @Inject(PG_POOL) private readonly pool: SqlPool,
    @Inject(RANK_STORE) private readonly ranks: RankStore,
    @Inject(EMBEDDED_PG) private readonly embedded: EmbeddedPostgres | null,
    @Inject(PACK_CATALOG) private readonly packs: DbPackCatalog,
    @Inject(LIVE_CHANNEL) private readonly live: LiveChannel,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    this.packs.stop();
    await this.bus.close();
    await this.db.$disconnect();
    if (!this.pool.ended) await this.pool.end().catch(() => undefined);
    await this.ranks.close();
    await this.live.close();
    await this.embedded?.stop();
  }
}

/**
 * Every consumer's failures are counted, and a failure on a message about an accepted event is
 * reported on that event (GET /v1/events/{id} shows failed_retrying / dead_lettered).
 */
async function reportDeliveryFailure(bus: MessageBus, metrics: Metrics, f: DeliveryFailure): Promise<void> {
  metrics.deliveryFailures.inc({ topic: f.originTopic, group: f.groupId, outcome: f.outcome, error_class: f.error.class });
  const eventId = f.message.headers[EventHeaders.EventId];
  const tenantId = f.message.headers[EventHeaders.Tenant];
  if (!eventId || !tenantId || f.originTopic === Topics.EventStatus) return;
  await bus.publish(Topics.EventStatus, [
    {
      key: f.message.key || userPartitionKey(tenantId, eventId),
      value: {
        tenantId,
        eventId,
        status: f.outcome === 'retrying' ? 'failed_retrying' : 'dead_lettered',
        stage: f.groupId,
        at: new Date().toISOString(),
        error: { class: f.error.class, message: f.error.message, attempts: f.attempts },
      },
    },
  ]);
}

/**
 * Wires the infrastructure adapters from configuration: each of Kafka, Postgres and Redis is the
 * real one when its URL is set, otherwise (standalone mode only) the embedded default. Applies
 * migrations and creates topics before any service starts consuming.
 */
@Module({})
export class RuntimeModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: RuntimeModule,
      global: true,
      controllers: [HealthController, MetricsController, ConsumersController, AuditController],
      providers: [
        RuntimeLifecycle,
        SocketRoutes,
        { provide: APP_CONFIG, useValue: config },
        { provide: LOGGER, useValue: createLogger(config.service, config.LOG_LEVEL) },
        {
          provide: EMBEDDED_PG,
          useFactory: async () => {
            if (config.DATABASE_URL) return null;
            const dataDir = config.QUESTLINE_DATA_DIR === 'memory' ? undefined : join(config.QUESTLINE_DATA_DIR, 'pglite');
            return startEmbeddedPostgres({ dataDir });
          },
        },
        {
          provide: DATABASE_URL,
          inject: [EMBEDDED_PG, LOGGER],
          useFactory: async (embedded: EmbeddedPostgres | null, logger: Logger) => {
            const url = config.DATABASE_URL ?? embedded!.url;
            const result = await applyMigrations(url, undefined, config.DATABASE_URL ? databaseTls(config) : undefined);
            logger.info({ applied: result.applied, alreadyApplied: result.alreadyApplied, embedded: !config.DATABASE_URL }, 'database migrations');
            return url;
          },
        },
        {
          provide: DATABASE,
          inject: [DATABASE_URL],
          useFactory: async (url: string) => {
            const database = createDatabase({
              url,
              poolMax: config.DATABASE_URL ? config.DATABASE_POOL_MAX : 1,
              connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
              queryTimeoutMs: config.DATABASE_QUERY_TIMEOUT_MS,
              idleInTransactionTimeoutMs: config.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
              ssl: config.DATABASE_URL ? databaseTls(config) : undefined,
            });
            await database.prisma.$connect();
            return database;
          },
        },
        { provide: PRISMA, inject: [DATABASE], useFactory: (d: ReturnType<typeof createDatabase>) => d.prisma },
        { provide: PG_POOL, inject: [DATABASE], useFactory: (d: ReturnType<typeof createDatabase>) => d.pool },
        { provide: AUDIT_LOG, useClass: PrismaAuditLog },
        { provide: AUDIT_TRAIL, useExisting: AUDIT_LOG },
        {
          provide: MESSAGE_BUS,
          inject: [LOGGER, METRICS],
          useFactory: async (logger: Logger, metrics: Metrics) => {
            const transport = config.kafkaBrokers
              ? new KafkaTransport({
                  brokers: config.kafkaBrokers,
                  clientId: `questline-${config.service}`,
                  namespace: config.QUESTLINE_NAMESPACE,
                  partitions: config.KAFKA_PARTITIONS,
                  sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
                  sendTimeoutMs: config.KAFKA_SEND_TIMEOUT_MS,
                  ...kafkaSecurity(config),
                  // Packed records are read on the internal topics whatever the setting (readers first).
                  packable: (topic: string) => INTERNAL_TOPICS.has(topic),
                  ...(config.KAFKA_PACK_INTERNAL ? { pack: (topic: string) => INTERNAL_TOPICS.has(topic) } : {}),
                  log: logger,
                })
              : new InProcessTransport(config.KAFKA_PARTITIONS, logger);
            const bus: MessageBus = new ReliableMessageBus(transport, {
              retryDelaysMs: config.RETRY_DELAYS_MS,
              ...(config.RETRY_POLICIES ? { retryPolicies: config.RETRY_POLICIES } : {}),
              onCircuitChange: (dependency, state) => metrics.circuitOpen.set({ dependency }, state === 'closed' ? 0 : 1),
              log: logger,
              maxDeadLetterValueBytes: config.DLQ_MAX_VALUE_BYTES,
              validate: schemaValidator(),
              onFailure: (failure) => reportDeliveryFailure(bus, metrics, failure),
            });
            metrics.watchStalls(() => bus.stalled());
            metrics.watchLag(() => bus.consumerLag());
            await bus.ensureTopics(ALL_TOPICS);
            return bus;
          },
        },
        {
          provide: RANK_STORE,
          useFactory: () => (config.REDIS_URL ? new RedisRankStore(config.REDIS_URL, redisTls(config)) : new MemoryRankStore()),
        },
        {
          // A data-subject deletion (ingest) takes the user off the boards through the rank store.
          provide: BOARD_ERASURE,
          inject: [RANK_STORE, PACK_CATALOG],
          useFactory: (ranks: RankStore, packs: PackCatalog) => new RankStoreErasure(ranks, packs),
        },
        {
          // Live fan-out across instances (streams): Redis pub/sub, or this process alone when embedded.
          provide: LIVE_CHANNEL,
          useFactory: () => (config.REDIS_URL ? new RedisLiveChannel(config.REDIS_URL, `ql:${config.QUESTLINE_NAMESPACE}:live:`, redisTls(config)) : new MemoryLiveChannel()),
        },
        { provide: METRICS, useFactory: () => createMetrics(config.service, { tenantLabels: config.METRICS_TENANT_LABELS }) },
        { provide: SCHEMA_REGISTRY, useFactory: () => loadRegistry(config.SCHEMAS_DIR) },
        {
          provide: PACK_CATALOG,
          inject: [SCHEMA_REGISTRY, PRISMA, LOGGER],
          useFactory: async (registry: SchemaRegistry, db: Db, logger: Logger) => {
            const catalog = new DbPackCatalog(db, config.QUESTLINE_NAMESPACE, new FilePackCatalog(config.PACKS_DIR, registry), logger, registry);
            await catalog.start();
            return catalog;
          },
        },
      ],
      exports: [SocketRoutes, APP_CONFIG, LOGGER, METRICS, PRISMA, PG_POOL, AUDIT_LOG, MESSAGE_BUS, LIVE_CHANNEL, RANK_STORE, BOARD_ERASURE, PACK_CATALOG, SCHEMA_REGISTRY],
    };
  }
}
