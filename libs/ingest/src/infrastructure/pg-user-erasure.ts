import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL, userHash, type SqlClient, type SqlPool } from '@questline/persistence';
import { withoutPointers } from '@questline/schema-registry';
import type { ErasedRows, UserErasure } from '../domain/user-erasure.port';
import { scrubUser } from '../domain/replace-strings';

const PAGE = 5_000;
/** A key that named the user, replaced by its SHA-256 (still unique, no longer readable). */
const HASHED = (col: string) => `'erased:' || encode(sha256(convert_to(${col}, 'UTF8')), 'hex')`;
/** A JSON document with every string equal to the user id ($2), as a value or a key, replaced by the pseudonym ($3). */
const REPLACED = (col: string) => `replace(${col}::text, to_json($2::text)::text, to_json($3::text)::text)::jsonb`;
/** Whether a JSON document holds the user id as a whole string (value or key). */
const MENTIONS = (col: string) => `position(to_json($2::text)::text in ${col}::text) > 0`;

/**
 * Postgres side of a data-subject deletion. Rows that carry amounts (ledger, balances, standings,
 * league seats, redemptions) keep them under the pseudonym, so balances, boards and reconcile stay
 * consistent; rows that are only about the person (notifications, preferences, consents) are
 * deleted; JSON documents and message keys lose every mention of the id.
 */
@Injectable()
export class PgUserErasure implements UserErasure {
  constructor(@Inject(PG_POOL) private readonly pool: SqlPool) {}

  async tombstone(tenantId: string, userId: string) {
    const { rows } = await this.pool.query<{ receipt_id: string; pseudonym: string; deleted_at: Date; erased: ErasedRows['tables'] | null }>(
      'SELECT receipt_id::text, pseudonym, deleted_at, erased FROM user_tombstone WHERE tenant_id = $1 AND user_hash = $2',
      [tenantId, userHash(tenantId, userId)],
    );
    const r = rows[0];
    return r ? { receiptId: r.receipt_id, pseudonym: r.pseudonym, deletedAt: r.deleted_at.toISOString(), erased: r.erased } : null;
  }

  async known(tenantId: string, userId: string): Promise<boolean> {
    const { rows } = await this.pool.query(
      `SELECT 1 FROM ingested_event WHERE tenant_id = $1 AND user_id = $2
       UNION ALL SELECT 1 FROM ledger_entry WHERE tenant_id = $1 AND user_id = $2
       UNION ALL SELECT 1 FROM balance WHERE tenant_id = $1 AND user_id = $2
       UNION ALL SELECT 1 FROM user_consent WHERE tenant_id = $1 AND user_id = $2
       UNION ALL SELECT 1 FROM notification_preference WHERE tenant_id = $1 AND user_id = $2
       UNION ALL SELECT 1 FROM leaderboard_exclusion WHERE tenant_id = $1 AND user_id = $2
       LIMIT 1`,
      [tenantId, userId],
    );
    return rows.length > 0;
  }

  async bury(tenantId: string, userId: string, t: { receiptId: string; pseudonym: string; actor: string }): Promise<void> {
    await this.pool.query('INSERT INTO user_tombstone (tenant_id, user_hash, pseudonym, receipt_id, actor) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [
      tenantId,
      userHash(tenantId, userId),
      t.pseudonym,
      t.receiptId,
      t.actor,
    ]);
  }

  async erase(tenantId: string, userId: string, pseudonym: string, pii: (type: string, version: number) => readonly string[]): Promise<ErasedRows> {
    const client = await this.pool.connect();
    const tables: ErasedRows['tables'] = {};
    const count = (table: string, kind: 'anonymised' | 'deleted', n: number | null) => {
      const t = (tables[table] ??= { anonymised: 0, deleted: 0 });
      t[kind] += n ?? 0;
    };
    try {
      await client.query('BEGIN');
      // The analytics job's per-tenant lock: a recompute never reads the user's rows mid-erasure
      // (and writes the real id back into analytics_user_day after this transaction re-keyed it).
      await client.query("SELECT pg_advisory_xact_lock(hashtext('questline:analytics:' || $1))", [tenantId]);
      const args = [tenantId, userId, pseudonym];
      const run = async (table: string, kind: 'anonymised' | 'deleted', sql: string) => count(table, kind, (await client.query(sql, args)).rowCount);

      const awardKeys = (await client.query<{ k: string }>('SELECT idempotency_key AS k FROM ledger_entry WHERE tenant_id = $1 AND user_id = $2', [tenantId, userId])).rows.map((r) => r.k);
      const cohorts = (
        await client.query<{ leagueId: string; week: string; tier: string; cohort: number }>(
          'SELECT league_id AS "leagueId", week, tier, cohort FROM league_member WHERE tenant_id = $1 AND user_id = $2',
          [tenantId, userId],
        )
      ).rows;
      // The user's own events first (their personal fields go too), then others' events that name them.
      await this.eraseEvents(client, tenantId, userId, pseudonym, pii, count);
      await this.eraseDecisions(client, tenantId, userId, pseudonym, count);
      await run('ledger_entry', 'anonymised', `UPDATE ledger_entry SET user_id = $3, idempotency_key = ${HASHED('idempotency_key')} WHERE tenant_id = $1 AND user_id = $2`);
      await run('balance', 'anonymised', 'UPDATE balance SET user_id = $3 WHERE tenant_id = $1 AND user_id = $2');
      await run('achievement_unlock', 'anonymised', `UPDATE achievement_unlock SET user_id = $3, basis = ${REPLACED('basis')} WHERE tenant_id = $1 AND user_id = $2`);
      await run('achievement_revocation', 'anonymised', 'UPDATE achievement_revocation SET user_id = $3 WHERE tenant_id = $1 AND user_id = $2');
      await run('progress_state', 'anonymised', `UPDATE progress_state SET user_id = $3, key = replace(key, $2, $3), state = ${REPLACED('state')} WHERE tenant_id = $1 AND user_id = $2`);
      await run('progress_state', 'anonymised', `UPDATE progress_state SET state = ${REPLACED('state')} WHERE tenant_id = $1 AND user_id <> $3 AND ${MENTIONS('state')}`);
      await run('ledger_adjustment', 'anonymised', 'UPDATE ledger_adjustment SET user_id = $3, reason = replace(reason, $2, $3), note = replace(note, $2, $3) WHERE tenant_id = $1 AND user_id = $2');
      await run('rule_application', 'anonymised', 'UPDATE rule_application SET user_id = $3 WHERE tenant_id = $1 AND user_id = $2');
      await run('leaderboard_standing', 'anonymised', 'UPDATE leaderboard_standing SET user_id = $3 WHERE tenant_id = $1 AND user_id = $2');
      await run('league_member', 'anonymised', 'UPDATE league_member SET user_id = $3 WHERE tenant_id = $1 AND user_id = $2');
      await run('analytics_user_day', 'anonymised', 'UPDATE analytics_user_day SET user_id = $3 WHERE tenant_id = $1 AND user_id = $2');
      await run('redemption', 'anonymised', `UPDATE redemption SET user_id = $3, idempotency_key = ${HASHED('idempotency_key')} WHERE tenant_id = $1 AND user_id = $2`);
      await run('leaderboard_announcement', 'anonymised', `UPDATE leaderboard_announcement SET top = ${REPLACED('top')} WHERE tenant_id = $1 AND $3 = $3 AND ${MENTIONS('top')}`);
      await run('webhook_delivery', 'anonymised', `UPDATE webhook_delivery SET payload = ${REPLACED('payload')} WHERE tenant_id = $1 AND $3 = $3 AND ${MENTIONS('payload')}`);
      await run('admin_audit', 'anonymised', `UPDATE admin_audit SET target = CASE WHEN target = $2 THEN $3 ELSE target END, detail = ${REPLACED('detail')}
        WHERE tenant_id = $1 AND (target = $2 OR ${MENTIONS('detail')})`);
      await run('dead_letter', 'anonymised', `UPDATE dead_letter SET message_key = CASE WHEN message_key = $1 || ':' || $2 THEN $1 || ':' || $3 ELSE message_key END,
          value = replace(value, to_json($2::text)::text, to_json($3::text)::text), headers = ${REPLACED('headers')}
        WHERE tenant_id = $1 AND (message_key = $1 || ':' || $2 OR position(to_json($2::text)::text in coalesce(value, '')) > 0 OR ${MENTIONS('headers')})`);
      // Only about the person: deleted. Their board exclusion gives way to the pseudonym's.
      await run('notification_absorbed', 'deleted', 'DELETE FROM notification_absorbed WHERE tenant_id = $1 AND $3 = $3 AND notification_id IN (SELECT id FROM notification WHERE tenant_id = $1 AND user_id = $2)');
      await run('notification', 'deleted', 'DELETE FROM notification WHERE tenant_id = $1 AND user_id = $2 AND $3 = $3');
      await run('notification_cursor', 'deleted', 'DELETE FROM notification_cursor WHERE tenant_id = $1 AND user_id = $2 AND $3 = $3');
      await run('notification_preference', 'deleted', 'DELETE FROM notification_preference WHERE tenant_id = $1 AND user_id = $2 AND $3 = $3');
      await run('user_consent', 'deleted', 'DELETE FROM user_consent WHERE tenant_id = $1 AND user_id = $2 AND $3 = $3');
      await run('leaderboard_exclusion', 'deleted', 'DELETE FROM leaderboard_exclusion WHERE tenant_id = $1 AND user_id = $2 AND $3 = $3');
      await client.query(
        `INSERT INTO leaderboard_exclusion (tenant_id, user_id, reason, note, actor) VALUES ($1, $2, 'deleted', 'erased on request', 'privacy')
         ON CONFLICT (tenant_id, user_id) DO UPDATE SET reason = 'deleted'`,
        [tenantId, pseudonym],
      );
      await client.query('UPDATE user_tombstone SET erased = $3::jsonb, erased_at = now() WHERE tenant_id = $1 AND user_hash = $2', [tenantId, userHash(tenantId, userId), JSON.stringify(tables)]);
      await client.query('COMMIT');
      return { tables, awardKeys, cohorts };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /** Rule decisions naming the user: their awards and outcomes under the pseudonym, with the keys built from the id hashed like the ledger's. */
  private async eraseDecisions(client: SqlClient, tenantId: string, userId: string, pseudonym: string, count: (table: string, kind: 'anonymised' | 'deleted', n: number) => void): Promise<void> {
    const { rows } = await client.query<{ event_id: string; awards: unknown; skipped: unknown; outcomes: unknown }>(
      `SELECT event_id::text, awards, skipped, outcomes FROM rule_decision
        WHERE tenant_id = $1 AND $3 = $3 AND (${MENTIONS('awards')} OR ${MENTIONS('skipped')} OR ${MENTIONS("coalesce(outcomes, 'null')")})`,
      [tenantId, userId, pseudonym],
    );
    if (rows.length === 0) return;
    const json = (v: unknown) => (v === null ? null : JSON.stringify(scrubUser(v, userId, pseudonym)));
    await client.query(
      `UPDATE rule_decision d SET awards = u.awards::jsonb, skipped = u.skipped::jsonb, outcomes = u.outcomes::jsonb
         FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[]) AS u(event_id, awards, skipped, outcomes)
        WHERE d.tenant_id = $1 AND d.event_id = u.event_id`,
      [tenantId, rows.map((r) => r.event_id), rows.map((r) => json(r.awards)), rows.map((r) => json(r.skipped)), rows.map((r) => json(r.outcomes))],
    );
    count('rule_decision', 'anonymised', rows.length);
  }

  /** Events, a page at a time: the user's own lose their personal fields and their key; others' lose the mentions. */
  private async eraseEvents(
    client: SqlClient,
    tenantId: string,
    userId: string,
    pseudonym: string,
    pii: (type: string, version: number) => readonly string[],
    count: (table: string, kind: 'anonymised' | 'deleted', n: number) => void,
  ): Promise<void> {
    // One pass finds them (the user's own through the index, mentions in one scan); then pages by id.
    const { rows: found } = await client.query<{ id: string }>(
      `SELECT id::text FROM ingested_event WHERE tenant_id = $1 AND user_id = $2 AND $3 = $3
       UNION
       SELECT id::text FROM ingested_event WHERE tenant_id = $1 AND user_id <> $2 AND (${MENTIONS('envelope')} OR ${MENTIONS("coalesce(outcomes, 'null')")})`,
      [tenantId, userId, pseudonym],
    );
    for (let i = 0; i < found.length; i += PAGE) {
      const { rows } = await client.query<{ id: string; type: string; schema_version: number; user_id: string; envelope: Record<string, unknown>; outcomes: unknown }>(
        'SELECT id::text, type, schema_version, user_id, envelope, outcomes FROM ingested_event WHERE tenant_id = $1 AND id = ANY($2::uuid[])',
        [tenantId, found.slice(i, i + PAGE).map((r) => r.id)],
      );
      const updated = rows.map((r) => {
        const own = r.user_id === userId;
        const payload = (r.envelope['payload'] ?? {}) as Record<string, unknown>;
        const envelope = { ...r.envelope, ...(own ? { payload: withoutPointers(payload, pii(r.type, r.schema_version)) } : {}) };
        // The user's own event: any string built from the id (a session or message key) is hashed too.
        return { id: r.id, own, envelope: JSON.stringify(scrubUser(envelope, userId, pseudonym, own)), outcomes: r.outcomes === null ? null : JSON.stringify(scrubUser(r.outcomes, userId, pseudonym)) };
      });
      await client.query(
        `UPDATE ingested_event e SET user_id = CASE WHEN u.own THEN $3 ELSE e.user_id END,
                idempotency_key = CASE WHEN u.own THEN ${HASHED('e.idempotency_key')} ELSE e.idempotency_key END,
                envelope = u.envelope::jsonb, outcomes = u.outcomes::jsonb, updated_at = now()
           FROM unnest($4::uuid[], $5::boolean[], $6::text[], $7::text[]) AS u(id, own, envelope, outcomes)
          WHERE e.tenant_id = $1 AND e.id = u.id AND $2 = $2`,
        [tenantId, userId, pseudonym, updated.map((u) => u.id), updated.map((u) => u.own), updated.map((u) => u.envelope), updated.map((u) => u.outcomes)],
      );
      count('ingested_event', 'anonymised', rows.length);
    }
  }
}
