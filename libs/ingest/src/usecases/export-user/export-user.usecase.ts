import { Inject, Injectable } from '@nestjs/common';
import { assertUserId, NotFoundError } from '@questline/contracts';
import { AUDIT_LOG, PG_POOL, type AuditLog, type SqlPool } from '@questline/persistence';
import { JsonText } from '@questline/platform';

/** A value anywhere in a JSON document equal to the user id (exact, never a substring). */
const MENTIONS = (col: string) => `jsonb_path_exists(${col}, '$.** ? (@ == $u)', jsonb_build_object('u', $2::text))`;

/**
 * Every table the platform writes, and how a user's rows are found in it (tenant `$1`, user `$2`).
 * Exact matches only: a user id is found as a `user_id`, as a whole JSON value, or as the user
 * part of a message key — never as a substring of something else. Kept complete by a test that
 * scans every table for a unique user id and checks the export holds each row it finds.
 */
const TABLES: Record<string, string> = {
  ingested_event: `SELECT * FROM ingested_event t WHERE tenant_id = $1 AND (user_id = $2 OR id IN (SELECT source_event_id FROM ledger_entry WHERE tenant_id = $1 AND user_id = $2) OR ${MENTIONS('envelope')} OR ${MENTIONS("coalesce(outcomes, '{}')")})`,
  ledger_entry: `SELECT * FROM ledger_entry t WHERE tenant_id = $1 AND user_id = $2`,
  balance: `SELECT * FROM balance t WHERE tenant_id = $1 AND user_id = $2`,
  achievement_unlock: `SELECT * FROM achievement_unlock t WHERE tenant_id = $1 AND user_id = $2`,
  achievement_revocation: `SELECT * FROM achievement_revocation t WHERE tenant_id = $1 AND user_id = $2`,
  progress_state: `SELECT * FROM progress_state t WHERE tenant_id = $1 AND user_id = $2`,
  rule_application: `SELECT * FROM rule_application t WHERE tenant_id = $1 AND user_id = $2`,
  rule_decision: `SELECT * FROM rule_decision t WHERE tenant_id = $1 AND (event_id IN (SELECT id FROM ingested_event WHERE tenant_id = $1 AND user_id = $2) OR ${MENTIONS('awards')} OR ${MENTIONS("coalesce(outcomes, '{}')")})`,
  leaderboard_standing: `SELECT * FROM leaderboard_standing t WHERE tenant_id = $1 AND user_id = $2`,
  leaderboard_exclusion: `SELECT * FROM leaderboard_exclusion t WHERE tenant_id = $1 AND user_id = $2`,
  leaderboard_announcement: `SELECT * FROM leaderboard_announcement t WHERE tenant_id = $1 AND ${MENTIONS('top')}`,
  league_member: `SELECT * FROM league_member t WHERE tenant_id = $1 AND user_id = $2`,
  analytics_user_day: `SELECT * FROM analytics_user_day t WHERE tenant_id = $1 AND user_id = $2`,
  redemption: `SELECT * FROM redemption t WHERE tenant_id = $1 AND user_id = $2`,
  ledger_adjustment: `SELECT * FROM ledger_adjustment t WHERE tenant_id = $1 AND user_id = $2`,
  notification: `SELECT * FROM notification t WHERE tenant_id = $1 AND user_id = $2`,
  notification_absorbed: `SELECT * FROM notification_absorbed t WHERE tenant_id = $1 AND notification_id IN (SELECT id FROM notification WHERE tenant_id = $1 AND user_id = $2)`,
  notification_cursor: `SELECT * FROM notification_cursor t WHERE tenant_id = $1 AND user_id = $2`,
  notification_preference: `SELECT * FROM notification_preference t WHERE tenant_id = $1 AND user_id = $2`,
  webhook_delivery: `SELECT * FROM webhook_delivery t WHERE tenant_id = $1 AND ${MENTIONS('payload')}`,
  webhook_attempt: `SELECT * FROM webhook_attempt t WHERE delivery_id IN (SELECT id FROM webhook_delivery WHERE tenant_id = $1 AND ${MENTIONS('payload')})`,
  user_consent: `SELECT * FROM user_consent t WHERE tenant_id = $1 AND user_id = $2`,
  dead_letter: `SELECT * FROM dead_letter t WHERE tenant_id = $1 AND (message_key = $1 || ':' || $2 OR position('"' || $2 || '"' in coalesce(value, '')) > 0 OR ${MENTIONS('headers')})`,
  admin_audit: `SELECT * FROM admin_audit t WHERE tenant_id = $1 AND (target = $2 OR ${MENTIONS('detail')})`,
};

export interface UserExport {
  tenantId: string;
  userId: string;
  exportedAt: string;
  /** Each table's rows about the user, as stored (column names as in the database). */
  tables: Record<string, Record<string, unknown>[]>;
  /** Rows per table. */
  counts: Record<string, number>;
  /** What the export does not hold, and why. */
  notes: string[];
}

/**
 * Seed 004 §8.3's right of access: everything the platform holds about one user of one tenant —
 * events, ledger, balances, badges, progress, ranks kept in Postgres, notifications and their
 * webhook deliveries, redemptions, consents, dead letters and the audit entries about them — as
 * one JSON document, read in one snapshot. Audited.
 */
@Injectable()
export class ExportUserUseCase {
  constructor(
    @Inject(PG_POOL) private readonly pool: SqlPool,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
  ) {}

  /**
   * The document is assembled from Postgres' own JSON text of each row (`row_to_json`): for a
   * heavy user (100,000 events) nothing is parsed and re-serialised in this process.
   */
  async execute({ tenantId, userId, actor }: { tenantId: string; userId: string; actor: string }): Promise<{ counts: Record<string, number>; document: JsonText<UserExport> }> {
    // Access and erasure take the same ids (contracts' user-id rule): the only ids anything can be held for.
    assertUserId(userId, '/path/userId');
    const client = await this.pool.connect();
    const parts: string[] = [];
    const counts: Record<string, number> = {};
    try {
      // One snapshot for every table: the export is consistent even while events keep arriving.
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      for (const [table, sql] of Object.entries(TABLES)) {
        const { rows } = await client.query<{ row: string }>(`SELECT row_to_json(x)::text AS row FROM (${sql}) x`, [tenantId, userId]);
        counts[table] = rows.length;
        parts.push(`${JSON.stringify(table)}:[${rows.map((r) => r.row).join(',')}]`);
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
    // Nothing held (an unknown user, or another tenant's: tenants never see each other's rows): a clear 404, not an empty document.
    if (Object.values(counts).every((n) => n === 0)) throw new NotFoundError('unknown_user', `Nothing is held about user "${userId}" in tenant "${tenantId}".`);
    await this.audit.record([{ tenantId, actor, action: 'user.export', target: userId, detail: { counts } }]);
    const notes = [
      'Leaderboard ranks in Redis are derived from ledger_entry (all included) and rebuilt from it; they are not listed separately.',
      "Kafka topics hold the same events and outcomes for the topics' retention; they are not read by an export.",
    ];
    const head = `{"tenantId":${JSON.stringify(tenantId)},"userId":${JSON.stringify(userId)},"exportedAt":${JSON.stringify(new Date().toISOString())}`;
    return { counts, document: new JsonText<UserExport>(`${head},"tables":{${parts.join(',')}},"counts":${JSON.stringify(counts)},"notes":${JSON.stringify(notes)}}`) };
  }
}
