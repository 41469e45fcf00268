import { RateLimitedError } from '@questline/contracts';
import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/**
 * Per-key request rate limits (rate-limiter-flexible): in Redis when the platform has one, so
 * every instance shares a key's budget; in memory in standalone mode. A limiter per distinct
 * rate, keyed by the key id.
 */
export class KeyRateLimiter {
  private readonly limiters = new Map<number, RateLimiterAbstract>();

  constructor(private readonly redis: Redis | undefined) {}

  private limiter(perSecond: number): RateLimiterAbstract {
    let l = this.limiters.get(perSecond);
    if (!l) {
      const opts = { keyPrefix: `questline:rl:${perSecond}`, points: perSecond, duration: 1 };
      // insuranceLimiter: if Redis is unreachable, limit per process rather than fail every request.
      l = this.redis ? new RateLimiterRedis({ ...opts, storeClient: this.redis, insuranceLimiter: new RateLimiterMemory(opts) }) : new RateLimiterMemory(opts);
      this.limiters.set(perSecond, l);
    }
    return l;
  }

  async consume(keyId: string, perSecond: number): Promise<void> {
    try {
      await this.limiter(perSecond).consume(keyId, 1);
    } catch (res) {
      if (res instanceof RateLimiterRes) {
        const retryAfter = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
        throw new RateLimitedError(`Rate limit of ${perSecond} requests/s for this API key exceeded; retry after ${retryAfter} s.`, retryAfter);
      }
      throw res;
    }
  }
}
