import type { ConnectionOptions } from 'node:tls';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { GUARD_TTL_SECONDS, keepsZero, type BoardPeriodRef, type GuardedAward, type RankedMember, type RankedSetRef, type RankStore, type TiePolicy } from '../domain/rank-store.port';
import { TICK_SPACE } from '../domain/windows';
import { LeaderboardKeys } from './leaderboard-keys';

/**
 * Shared Lua helpers. A board keeps, next to its sorted set, its distinct scores (zset) and their
 * member counts (hash): dense ranks are then one ZCOUNT. Stored score = score × TICK_SPACE +
 * (TICK_SPACE − 1 − tick): equal scores order by who reached them first. Numbers go to Redis
 * through %.0f (exact below 2^53).
 */
const HELPERS = `
local M = ${TICK_SPACE}
local function unset(board, distinct, counts, member, dense)
  local old = redis.call('ZSCORE', board, member)
  if not old then return 0, -1, false end
  old = tonumber(old)
  local base = math.floor(old / M)
  local key = string.format('%.0f', base)
  if dense and redis.call('HINCRBY', counts, key, -1) <= 0 then
    redis.call('HDEL', counts, key)
    redis.call('ZREM', distinct, key)
  end
  return base, M - 1 - (old - base * M), true
end
local function put(board, distinct, counts, member, score, tick, dense)
  redis.call('ZADD', board, string.format('%.0f', score * M + (M - 1 - tick)), member)
  if not dense then return end
  local key = string.format('%.0f', score)
  redis.call('HINCRBY', counts, key, 1)
  redis.call('ZADD', distinct, key, key)
end
`;

/**
 * One call for a whole batch of one tenant. KEYS[1] = exclusion set; then per award its guard and
 * three keys per board. ARGV[1] = guard ttl; then per award: member, board count, (delta, tick,
 * flags) per board — flags: 1 dense, 2 keep a score of 0. Each guard and its updates are atomic, so
 * a redelivery can never double-count. Only dense boards keep the distinct-score bookkeeping.
 */
const APPLY_ONCE = `${HELPERS}
local out, k, a = {}, 2, 2
while a <= #ARGV do
  local member, n = ARGV[a], tonumber(ARGV[a + 1])
  a = a + 2
  local fresh = redis.call('SET', KEYS[k], '1', 'NX', 'EX', ARGV[1])
  k = k + 1
  local apply = fresh and redis.call('SISMEMBER', KEYS[1], member) == 0
  for i = 1, n do
    if apply then
      local flags = tonumber(ARGV[a + 2])
      local board, distinct, counts, dense = KEYS[k], KEYS[k + 1], KEYS[k + 2], flags % 2 == 1
      local base, oldTick = unset(board, distinct, counts, member, dense)
      local score = base + tonumber(ARGV[a])
      -- A board lists who holds something on it: a member brought back to 0 (a reversal, a
      -- correction) leaves it, as a finished period's standings leave out a score of 0. A league
      -- cohort keeps its seated members whatever their score (flag 2).
      if score == 0 and flags < 2 then redis.call('ZREM', board, member)
      else put(board, distinct, counts, member, score, math.max(tonumber(ARGV[a + 1]), oldTick), dense) end
    end
    k, a = k + 3, a + 3
  end
  out[#out + 1] = fresh and 1 or 0
end
return out`;

/** KEYS = board, distinct, counts; ARGV = member, score ('' removes), tick. */
const SET_MEMBER = `${HELPERS}
unset(KEYS[1], KEYS[2], KEYS[3], ARGV[1], true)
if ARGV[2] == '' then redis.call('ZREM', KEYS[1], ARGV[1]) else put(KEYS[1], KEYS[2], KEYS[3], ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), true) end
return 1`;

type RedisWithScripts = Redis & {
  applyOnce(numKeys: number, ...args: (string | number)[]): Promise<number[]>;
  setMember(board: string, distinct: string, counts: string, member: string, score: string, tick: number): Promise<number>;
};

/** The set's key; with `tenantId`, refuses a set of another tenant (one call moves one tenant's keys only). */
function keyOf(set: RankedSetRef, tenantId?: string): string {
  if (tenantId !== undefined && set.tenantId !== tenantId) throw new Error(`rank store: a set of tenant "${set.tenantId}" in a call for "${tenantId}"`);
  return LeaderboardKeys.of(set);
}

const distinctKey = (board: string) => `${board}:s`;
const countsKey = (board: string) => `${board}:n`;
const isBookkeeping = (key: string) => key.endsWith(':s') || key.endsWith(':n') || key.includes(':rebuild:');
const plain = (stored: string | number) => Math.floor(Number(stored) / TICK_SPACE);

export class RedisRankStore implements RankStore {
  readonly durable = true;
  private readonly redis: RedisWithScripts;

  /** `tls`: for a rediss:// URL, the CA and client certificate (REDIS_TLS_*). */
  constructor(url: string, tls?: ConnectionOptions) {
    // A command not answered in 30 s fails (and is retried by the consumer) instead of waiting on a
    // connection that went silent: a wait without end would stop a partition with nothing logged.
    const redis = new Redis(url, { maxRetriesPerRequest: 3, enableAutoPipelining: true, lazyConnect: false, commandTimeout: 30_000, ...(tls ? { tls } : {}) });
    redis.defineCommand('applyOnce', { lua: APPLY_ONCE });
    redis.defineCommand('setMember', { lua: SET_MEMBER, numberOfKeys: 3 });
    this.redis = redis as RedisWithScripts;
  }

  async applyOnce(tenantId: string, awards: GuardedAward[]): Promise<boolean[]> {
    if (awards.length === 0) return [];
    const keys = [LeaderboardKeys.excluded(tenantId)];
    const args: (string | number)[] = [GUARD_TTL_SECONDS];
    for (const a of awards) {
      const boards = a.updates.map((u) => keyOf(u.set, tenantId));
      keys.push(LeaderboardKeys.guard(tenantId, a.awardKey), ...boards.flatMap((b) => [b, distinctKey(b), countsKey(b)]));
      args.push(a.member, a.updates.length, ...a.updates.flatMap((u) => [u.delta, u.tick, (u.dense ? 1 : 0) + (keepsZero(u.set) ? 2 : 0)]));
    }
    return (await this.redis.applyOnce(keys.length, ...keys, ...args)).map((r) => r === 1);
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

  async top(set: RankedSetRef, offset: number, limit: number, ties: TiePolicy = 'competition'): Promise<RankedMember[]> {
    if (limit <= 0) return [];
    const board = keyOf(set);
    return this.ranked(board, await this.redis.zrevrange(board, offset, offset + limit - 1, 'WITHSCORES'), ties);
  }

  async rankOf(set: RankedSetRef, member: string, ties: TiePolicy = 'competition'): Promise<RankedMember | null> {
    const board = keyOf(set);
    const stored = await this.redis.zscore(board, member);
    if (stored === null) return null;
    const score = plain(stored);
    return { member, score, rank: await this.rankOfScore(board, score, ties) };
  }

  async around(set: RankedSetRef, member: string, n: number, ties: TiePolicy = 'competition'): Promise<RankedMember[]> {
    const board = keyOf(set);
    const i = await this.redis.zrevrank(board, member);
    if (i === null) return [];
    const from = Math.max(0, i - n);
    return this.ranked(board, await this.redis.zrevrange(board, from, i + n, 'WITHSCORES'), ties);
  }

  size(set: RankedSetRef): Promise<number> {
    return this.redis.zcard(keyOf(set));
  }

  async scores(set: RankedSetRef): Promise<Map<string, number>> {
    const board = keyOf(set);
    const out = new Map<string, number>();
    for (let start = 0; ; start += 10_000) {
      const flat = await this.redis.zrange(board, start, start + 9_999, 'WITHSCORES');
      for (let i = 0; i < flat.length; i += 2) out.set(flat[i]!, plain(flat[i + 1]!));
      if (flat.length < 20_000) return out;
    }
  }

  async replace(set: RankedSetRef, members: { member: string; score: number; tick: number }[]): Promise<void> {
    const board = keyOf(set);
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

  async setMember(set: RankedSetRef, member: string, entry: { score: number; tick: number } | null): Promise<void> {
    const board = keyOf(set);
    await this.redis.setMember(board, distinctKey(board), countsKey(board), member, entry ? String(entry.score) : '', entry?.tick ?? 0);
  }

  async periods(tenantId: string, boardId: string): Promise<BoardPeriodRef[]> {
    const prefix = LeaderboardKeys.boardPrefix(tenantId, boardId);
    const out = new Set<string>();
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${prefix.replace(/[*?[\]\\]/g, (c) => `\\${c}`)}*`, 'COUNT', 1000);
      for (const k of keys) if (!isBookkeeping(k)) out.add(k);
      cursor = next;
    } while (cursor !== '0');
    return [...out].sort().map((k) => LeaderboardKeys.parse(tenantId, boardId, k));
  }

  async drop(sets: RankedSetRef[]): Promise<void> {
    if (sets.length > 0) await this.redis.del(...sets.map((s) => keyOf(s)).flatMap((b) => [b, distinctKey(b), countsKey(b)]));
  }

  async markApplied(tenantId: string, awardKeys: string[]): Promise<void> {
    for (let i = 0; i < awardKeys.length; i += 1_000) {
      const tx = this.redis.pipeline();
      for (const k of awardKeys.slice(i, i + 1_000)) tx.set(LeaderboardKeys.guard(tenantId, k), '1', 'EX', GUARD_TTL_SECONDS, 'NX');
      await tx.exec();
    }
  }

  async forget(tenantId: string, awardKeys: string[]): Promise<void> {
    for (let i = 0; i < awardKeys.length; i += 1_000) await this.redis.del(...awardKeys.slice(i, i + 1_000).map((k) => LeaderboardKeys.guard(tenantId, k)));
  }

  async setExcluded(tenantId: string, members: string[], on: boolean): Promise<void> {
    if (members.length === 0) return;
    const excluded = LeaderboardKeys.excluded(tenantId);
    if (on) await this.redis.sadd(excluded, ...members);
    else await this.redis.srem(excluded, ...members);
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
