import Redis from 'ioredis';
import { GUARD_TTL_SECONDS, type RankedMember, type RankStore } from './rank-store.port';

/**
 * KEYS[1] = guard key, KEYS[2..] = boards; ARGV = delta, member, ttl.
 * The guard and the increments happen atomically: a redelivery can never double-count.
 */
const INCREMENT_ONCE = `
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[3]) then
  for i = 2, #KEYS do redis.call('ZINCRBY', KEYS[i], ARGV[1], ARGV[2]) end
  return 1
end
return 0`;

type RedisWithScripts = Redis & {
  incrementOnce(numKeys: number, ...args: (string | number)[]): Promise<number>;
};

export class RedisRankStore implements RankStore {
  private readonly redis: RedisWithScripts;

  constructor(url: string) {
    const redis = new Redis(url, { maxRetriesPerRequest: 3, enableAutoPipelining: true, lazyConnect: false });
    redis.defineCommand('incrementOnce', { lua: INCREMENT_ONCE });
    this.redis = redis as RedisWithScripts;
  }

  async incrementOnce(boards: string[], member: string, delta: number, guardKey: string): Promise<boolean> {
    const applied = await this.redis.incrementOnce(1 + boards.length, guardKey, ...boards, delta, member, GUARD_TTL_SECONDS);
    return applied === 1;
  }

  async top(board: string, offset: number, limit: number): Promise<RankedMember[]> {
    if (limit <= 0) return [];
    const flat = await this.redis.zrevrange(board, offset, offset + limit - 1, 'WITHSCORES');
    const rows: RankedMember[] = [];
    for (let i = 0; i < flat.length; i += 2) rows.push({ member: flat[i]!, score: Number(flat[i + 1]), rank: 0 });
    // Competition ranking: rank = 1 + number of members with a strictly higher score.
    const ranks = await Promise.all(
      dedupeScores(rows).map(async (score) => [score, (await this.redis.zcount(board, `(${score}`, '+inf')) + 1] as const),
    );
    const byScore = new Map(ranks);
    return rows.map((r) => ({ ...r, rank: byScore.get(r.score)! }));
  }

  async rankOf(board: string, member: string): Promise<RankedMember | null> {
    const score = await this.redis.zscore(board, member);
    if (score === null) return null;
    const higher = await this.redis.zcount(board, `(${score}`, '+inf');
    return { member, score: Number(score), rank: higher + 1 };
  }

  size(board: string): Promise<number> {
    return this.redis.zcard(board);
  }

  async isHealthy(): Promise<boolean> {
    try {
      return (await this.redis.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

function dedupeScores(rows: RankedMember[]): number[] {
  return [...new Set(rows.map((r) => r.score))];
}
