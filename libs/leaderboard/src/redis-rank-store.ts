import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { GUARD_TTL_SECONDS, type BoardUpdate, type RankedMember, type RankStore, type TiePolicy } from './rank-store.port';
import { TICK_SPACE } from './windows';

/**
 * KEYS[1] = guard; then per board three keys: the board, its distinct scores (zset) and their
 * member counts (hash) — the last two make dense ranks one ZCOUNT. ARGV = member, ttl, then
 * (delta, tick) per board. The guard and every update happen atomically, so a redelivery can never
 * double-count. Stored score = score × TICK_SPACE + (TICK_SPACE − 1 − tick): equal scores order
 * by who reached them first. Numbers go to Redis through %.0f (exact below 2^53).
 */
const INCREMENT_ONCE = `
if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[2]) then return 0 end
local M = ${TICK_SPACE}
local b = 0
for i = 2, #KEYS, 3 do
  local board, distinct, counts = KEYS[i], KEYS[i + 1], KEYS[i + 2]
  local delta, tick = tonumber(ARGV[3 + b * 2]), tonumber(ARGV[4 + b * 2])
  b = b + 1
  local old = redis.call('ZSCORE', board, ARGV[1])
  local base, oldTick = 0, -1
  if old then
    old = tonumber(old)
    base = math.floor(old / M)
    oldTick = M - 1 - (old - base * M)
    local key = string.format('%.0f', base)
    if redis.call('HINCRBY', counts, key, -1) <= 0 then
      redis.call('HDEL', counts, key)
      redis.call('ZREM', distinct, key)
    end
  end
  local t = math.max(tick, oldTick)
  local nb = base + delta
  redis.call('ZADD', board, string.format('%.0f', nb * M + (M - 1 - t)), ARGV[1])
  local key = string.format('%.0f', nb)
  redis.call('HINCRBY', counts, key, 1)
  redis.call('ZADD', distinct, key, key)
end
return 1`;

type RedisWithScripts = Redis & {
  incrementOnce(numKeys: number, ...args: (string | number)[]): Promise<number>;
};

const distinctKey = (board: string) => `${board}:s`;
const countsKey = (board: string) => `${board}:n`;
const plain = (stored: string | number) => Math.floor(Number(stored) / TICK_SPACE);

export class RedisRankStore implements RankStore {
  private readonly redis: RedisWithScripts;

  constructor(url: string) {
    const redis = new Redis(url, { maxRetriesPerRequest: 3, enableAutoPipelining: true, lazyConnect: false });
    redis.defineCommand('incrementOnce', { lua: INCREMENT_ONCE });
    this.redis = redis as RedisWithScripts;
  }

  async incrementOnce(updates: BoardUpdate[], member: string, guardKey: string): Promise<boolean> {
    const keys = updates.flatMap((u) => [u.board, distinctKey(u.board), countsKey(u.board)]);
    const args = updates.flatMap((u) => [u.delta, u.tick]);
    return (await this.redis.incrementOnce(1 + keys.length, guardKey, ...keys, member, GUARD_TTL_SECONDS, ...args)) === 1;
  }

  /** Rank of a plain score: members (competition) or distinct scores (dense) strictly above it, plus one. */
  private async rankOfScore(board: string, score: number, ties: TiePolicy): Promise<number> {
    const above = ties === 'dense' ? await this.redis.zcount(distinctKey(board), `(${score}`, '+inf') : await this.redis.zcount(board, String((score + 1) * TICK_SPACE), '+inf');
    return above + 1;
  }

  private async ranked(board: string, flat: string[], ties: TiePolicy): Promise<RankedMember[]> {
    const rows: { member: string; score: number }[] = [];
    for (let i = 0; i < flat.length; i += 2) rows.push({ member: flat[i]!, score: plain(flat[i + 1]!) });
    const ranks = new Map(await Promise.all([...new Set(rows.map((r) => r.score))].map(async (s) => [s, await this.rankOfScore(board, s, ties)] as const)));
    return rows.map((r) => ({ ...r, rank: ranks.get(r.score)! }));
  }

  async top(board: string, offset: number, limit: number, ties: TiePolicy = 'competition'): Promise<RankedMember[]> {
    if (limit <= 0) return [];
    return this.ranked(board, await this.redis.zrevrange(board, offset, offset + limit - 1, 'WITHSCORES'), ties);
  }

  async rankOf(board: string, member: string, ties: TiePolicy = 'competition'): Promise<RankedMember | null> {
    const stored = await this.redis.zscore(board, member);
    if (stored === null) return null;
    const score = plain(stored);
    return { member, score, rank: await this.rankOfScore(board, score, ties) };
  }

  async around(board: string, member: string, n: number, ties: TiePolicy = 'competition'): Promise<RankedMember[]> {
    const i = await this.redis.zrevrank(board, member);
    if (i === null) return [];
    const from = Math.max(0, i - n);
    return this.ranked(board, await this.redis.zrevrange(board, from, i + n, 'WITHSCORES'), ties);
  }

  size(board: string): Promise<number> {
    return this.redis.zcard(board);
  }

  async scores(board: string): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (let start = 0; ; start += 10_000) {
      const flat = await this.redis.zrange(board, start, start + 9_999, 'WITHSCORES');
      for (let i = 0; i < flat.length; i += 2) out.set(flat[i]!, plain(flat[i + 1]!));
      if (flat.length < 20_000) return out;
    }
  }

  async replace(board: string, members: { member: string; score: number; tick: number }[]): Promise<void> {
    const tmp = `${board}:rebuild:${randomUUID()}`;
    const counts = new Map<number, number>();
    for (let i = 0; i < members.length; i += 5_000) {
      const chunk = members.slice(i, i + 5_000);
      await this.redis.zadd(tmp, ...chunk.flatMap((m) => [String(m.score * TICK_SPACE + (TICK_SPACE - 1 - m.tick)), m.member]));
      for (const m of chunk) counts.set(m.score, (counts.get(m.score) ?? 0) + 1);
    }
    const scores = [...counts.entries()];
    for (let i = 0; i < scores.length; i += 5_000) {
      const chunk = scores.slice(i, i + 5_000);
      await this.redis.zadd(distinctKey(tmp), ...chunk.flatMap(([s]) => [String(s), String(s)]));
      await this.redis.hset(countsKey(tmp), Object.fromEntries(chunk.map(([s, n]) => [String(s), String(n)])));
    }
    // One MULTI: readers see the old board or the new one, never half of it.
    const tx = this.redis.multi();
    if (members.length === 0) tx.del(board, distinctKey(board), countsKey(board));
    else tx.rename(tmp, board).rename(distinctKey(tmp), distinctKey(board)).rename(countsKey(tmp), countsKey(board));
    await tx.exec();
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
