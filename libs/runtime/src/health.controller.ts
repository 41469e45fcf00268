import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Header, Headers, HttpCode, Inject, ServiceUnavailableException } from '@nestjs/common';
import { UnauthorizedError } from '@questline/contracts';
import { RANK_STORE, type RankStore } from '@questline/leaderboard';
import { MESSAGE_BUS, type MessageBus } from '@questline/messaging';
import { PRISMA, type Db } from '@questline/persistence';
import { APP_CONFIG, METRICS, Public, type AppConfig, type Metrics } from '@questline/platform';

@Controller('health')
@Public()
export class HealthController {
  constructor(
    @Inject(PRISMA) private readonly db: Db,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(RANK_STORE) private readonly ranks: RankStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Liveness: the process serves HTTP. */
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /**
   * Readiness: Postgres, the message bus and the rank store all answer, and no consumer partition
   * of this process has been stuck (its batch failing in place) for CONSUMER_STALL_MS.
   */
  @Get('ready')
  @HttpCode(200)
  async ready() {
    const [database, messaging, rankStore] = await Promise.all([
      this.db.$queryRaw`SELECT 1`.then(() => true, () => false),
      this.bus.isHealthy(),
      this.ranks.isHealthy(),
    ]);
    const stalled = this.bus.stalled(this.config.CONSUMER_STALL_MS);
    const consumers = stalled.length === 0;
    const checks = { database, messaging, rankStore, consumers };
    if (!database || !messaging || !rankStore || !consumers) {
      throw new ServiceUnavailableException({ message: `not ready: ${JSON.stringify(checks)}${consumers ? '' : `; stalled: ${JSON.stringify(stalled.map(({ groupId, topic, partition, offset, error }) => ({ groupId, topic, partition, offset, error })))}`}` });
    }
    return { status: 'ready', checks };
  }
}

/**
 * Prometheus exposition of this process's metrics. Public while series carry no tenant ids (the
 * default); with METRICS_TENANT_LABELS=true it needs the root key (a bearer token in the scrape config).
 */
@Controller('metrics')
@Public()
export class MetricsController {
  constructor(
    @Inject(METRICS) private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Prometheus metrics of this process (text exposition format). */
  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(@Headers('authorization') authorization?: string): Promise<string> {
    if (this.config.METRICS_TENANT_LABELS) {
      const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
      if (!this.config.QUESTLINE_ROOT_KEY || !token || !safeEqual(token, this.config.QUESTLINE_ROOT_KEY)) {
        throw new UnauthorizedError('root_key_required', 'Metrics carry tenant ids here (METRICS_TENANT_LABELS=true): scrape with the root key.');
      }
    }
    return this.metrics.registry.metrics();
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

