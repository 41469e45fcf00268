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

  constructor(
    private readonly redis: Redis | undefined,
    private readonly namespace = '',
  ) {}

  private limiter(perSecond: number): RateLimiterAbstract {
    let l = this.limiters.get(perSecond);
    if (!l) {
      const opts = { keyPrefix: `${this.namespace}questline:rl:${perSecond}`, points: perSecond, duration: 1 };
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

/**
 * Failed authentications per client address (rate-limiter-flexible, shared through Redis when
 * there is one): past `perMinute` failures in a minute, the address gets 429 with Retry-After
 * before any key lookup, so guessing keys is slow and costs the database nothing.
 */
export class AuthFailureLimiter {
  private readonly limiter: RateLimiterAbstract;

  constructor(
    redis: Redis | undefined,
    private readonly perMinute: number,
    namespace = '',
  ) {
    const opts = { keyPrefix: `${namespace}questline:authfail`, points: perMinute, duration: 60 };
    this.limiter = redis ? new RateLimiterRedis({ ...opts, storeClient: redis, insuranceLimiter: new RateLimiterMemory(opts) }) : new RateLimiterMemory(opts);
  }

  /** Whether the address has used up its failures for this minute. */
  async isOver(address: string): Promise<boolean> {
    const res = await this.limiter.get(address);
    return !!res && res.consumedPoints >= this.perMinute;
  }

  /** Throws 429 when the address has used up its failures for this minute. */
  async check(address: string): Promise<void> {
    const res = await this.limiter.get(address);
    if (res && res.consumedPoints >= this.perMinute) throw tooMany(res, `Too many failed authentications from this address; retry after`);
  }

  /** Counts one failure; throws 429 when that was one too many. */
  async failed(address: string): Promise<void> {
    try {
      await this.limiter.consume(address, 1);
    } catch (res) {
      if (res instanceof RateLimiterRes) throw tooMany(res, 'Too many failed authentications from this address; retry after');
      throw res;
    }
  }
}

function tooMany(res: RateLimiterRes, message: string): RateLimitedError {
  const retryAfter = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  return new RateLimitedError(`${message} ${retryAfter} s.`, retryAfter);
}
