import { Inject, Injectable } from '@nestjs/common';
import { jsonArrayParam, jsonAt, PG_POOL, withTransaction, type SqlPool } from '@questline/persistence';
import { MemoryProgressStore, MemoryRuleHistory } from '@questline/rules';
import type { DecideRequest, DecisionStore, StoredDecision } from '../domain/decision.store';
import { loadProgress, lockAll, progressLockKey, saveProgress } from './progress-sql';

@Injectable()
export class PgDecisionStore implements DecisionStore {
  constructor(@Inject(PG_POOL) private readonly pool: SqlPool) {}

  async decideOnce(req: DecideRequest): Promise<Map<string, StoredDecision>> {
    const ids = [...new Set(req.events.map((e) => e.id))];
    // One (recipient, rule) pair and one progress key per event: the same user several times in a
    // batch repeats them. Joined with duplicates, each earlier award would be counted once per
    // repeat (the under-awarding cap of issue 13), so every list is made distinct first.
    const limited = distinctPairs(req.limited, (l) => [l.userId, l.ruleId]);
    const progressKeys = distinctPairs(req.progress, (p) => [p.userId, p.key]);
    return withTransaction(this.pool, async (tx) => {
      // Locks first, then the stored decisions: a batch racing this one with the same event (a
      // redelivery during a rebalance) waits here and then finds it decided, so progress and caps
      // are never applied twice.
      await lockAll(tx, [
        ...limited.map((l) => `${req.tenantId}\u001f${l.userId}\u001f${l.ruleId}`),
        ...progressKeys.map((p) => progressLockKey(req.tenantId, p.userId, p.key)),
      ]);
      const result = new Map<string, StoredDecision>();
      const stored = await tx.query<{ event_id: string; pack_version: number; awards: StoredDecision['awards']; skipped: StoredDecision['skipped']; outcomes: StoredDecision['outcomes'] }>(
        'SELECT event_id::text, pack_version, awards, skipped, outcomes FROM rule_decision WHERE tenant_id = $1 AND event_id = ANY($2::uuid[])',
        [req.tenantId, ids],
      );
      for (const r of stored.rows) result.set(r.event_id, { packVersion: r.pack_version, awards: r.awards, skipped: r.skipped, outcomes: r.outcomes });
      // A copy of an event later in the same batch (a producer retry, a replay) is decided once.
      const taken = new Set(result.keys());
      const fresh = req.events.filter((e) => !taken.has(e.id) && taken.add(e.id) !== undefined);
      if (fresh.length === 0) return result;

      const progress = new MemoryProgressStore(await loadProgress(tx, req.tenantId, progressKeys));
      let history = new MemoryRuleHistory();
      if (limited.length > 0) {
        // Caps and cooldowns look back a bounded horizon; a once-per key (`once:…`) is remembered for ever.
        const ranged = limited.filter((l) => !l.ruleId.startsWith('once:'));
        const once = limited.filter((l) => l.ruleId.startsWith('once:'));
        const rows = await tx.query<{ user_id: string; rule_id: string; at: string; amount: string }>(
          `SELECT a.user_id, a.rule_id, (extract(epoch FROM a.occurred_at) * 1000)::bigint::text AS at, a.amount::text AS amount
             FROM rule_application a
             JOIN unnest($2::text[], $3::text[]) AS k(user_id, rule_id) ON a.user_id = k.user_id AND a.rule_id = k.rule_id
            WHERE a.tenant_id = $1 AND a.occurred_at >= $4 AND a.occurred_at < $5
           UNION ALL
           SELECT a.user_id, a.rule_id, (extract(epoch FROM a.occurred_at) * 1000)::bigint::text, a.amount::text
             FROM rule_application a
             JOIN unnest($6::text[], $7::text[]) AS k(user_id, rule_id) ON a.user_id = k.user_id AND a.rule_id = k.rule_id
            WHERE a.tenant_id = $1`,
          [req.tenantId, ranged.map((l) => l.userId), ranged.map((l) => l.ruleId), new Date(req.fromMs), new Date(req.toMs), once.map((l) => l.userId), once.map((l) => l.ruleId)],
        );
        history = new MemoryRuleHistory(rows.rows.map((r) => ({ userId: r.user_id, ruleId: r.rule_id, atMs: Number(r.at), amount: Number(r.amount) })));
      }

      const decided = req.decide(fresh, history, progress);
      await saveProgress(tx, req.tenantId, progress.changed());
      const limitedRules = new Set(limited.map((l) => l.ruleId));
      const apps = fresh.flatMap((e) => {
        // A converted credit repeats its rule's (event, rule, user) after the rule's own award: the
        // first one is the rule's, and its amount is what amount caps sum.
        const seen = new Set<string>();
        return (decided.get(e.id)?.awards ?? [])
          .filter((a) => limitedRules.has(a.ruleId) && !seen.has(`${a.ruleId}\u0000${a.userId}`) && seen.add(`${a.ruleId}\u0000${a.userId}`) !== undefined)
          .map((a) => ({ userId: a.userId, ruleId: a.ruleId, eventId: e.id, at: e.occurredAt, amount: a.amount }))
          .concat((decided.get(e.id)?.marks ?? []).map((m) => ({ userId: m.userId, ruleId: m.ruleId, eventId: e.id, at: e.occurredAt, amount: 0 })));
      });
      await tx.query(
        `INSERT INTO rule_decision (tenant_id, event_id, pack_version, awards, skipped, outcomes)
         SELECT $1, id, v, ${jsonAt('$4', 'n')}, ${jsonAt('$5', 'n')}, ${jsonAt('$6', 'n')} FROM unnest($2::uuid[], $3::int[]) WITH ORDINALITY AS t(id, v, n)
         ON CONFLICT DO NOTHING`,
        [
          req.tenantId,
          fresh.map((e) => e.id),
          fresh.map((e) => decided.get(e.id)!.packVersion),
          jsonArrayParam(fresh.map((e) => decided.get(e.id)!.awards)),
          jsonArrayParam(fresh.map((e) => decided.get(e.id)!.skipped)),
          jsonArrayParam(fresh.map((e) => decided.get(e.id)!.outcomes)),
        ],
      );
      if (apps.length > 0) {
        await tx.query(
          `INSERT INTO rule_application (tenant_id, user_id, rule_id, event_id, occurred_at, amount)
           SELECT $1, u, r, e, t, n FROM unnest($2::text[], $3::text[], $4::uuid[], $5::timestamptz[], $6::bigint[]) AS x(u, r, e, t, n)
           ON CONFLICT DO NOTHING`,
          [req.tenantId, apps.map((a) => a.userId), apps.map((a) => a.ruleId), apps.map((a) => a.eventId), apps.map((a) => a.at), apps.map((a) => a.amount)],
        );
      }
      // What a redelivery reads back is what is stored: the marks were written as applications above.
      // (A literal, not a rest pattern without `marks`: the rest copy was a runtime call per event.)
      for (const e of fresh) {
        const d = decided.get(e.id)!;
        result.set(e.id, { packVersion: d.packVersion, awards: d.awards, skipped: d.skipped, outcomes: d.outcomes });
      }
      return result;
    });
  }
}

/** The items with distinct (a, b), first occurrence kept. */
function distinctPairs<T>(items: readonly T[], pair: (item: T) => [string, string]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const [a, b] = pair(item);
    const k = `${a}\u0000${b}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
