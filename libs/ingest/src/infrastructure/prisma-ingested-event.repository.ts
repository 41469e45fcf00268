import { Inject, Injectable } from '@nestjs/common';
import { ValidationFailedError, type CanonicalEnvelope, type EventStatusMessage } from '@questline/contracts';
import { isDataRefusal } from '@questline/messaging';
import { jsonArrayParam, jsonAt, PG_POOL, PRISMA, type Db, type SqlPool } from '@questline/persistence';
import type { EventListFilter, EventStatus, IngestedEventRepository, ListedEvent, SettledEvent, StoredEvent, UnlockOutcome } from '../domain/ingested-event.repository';

/**
 * Hot path in raw SQL over the shared pg pool: one INSERT ... SELECT FROM unnest for a whole
 * group of accepted events (duplicates skipped), batched status updates.
 */
const INSERT_SQL = `
INSERT INTO ingested_event (id, tenant_id, idempotency_key, type, schema_version, user_id, occurred_at, received_at, envelope, status, arrival)
SELECT id, tenant_id, idempotency_key, type, schema_version, user_id, occurred_at, received_at, ${jsonAt('$9', 'o')}, 'queued', nextval('ingested_event_arrival_seq')
FROM (
  SELECT DISTINCT ON (tenant_id, idempotency_key) *
  FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::timestamptz[], $8::timestamptz[]) WITH ORDINALITY
    AS t(id, tenant_id, idempotency_key, type, schema_version, user_id, occurred_at, received_at, o)
  ORDER BY tenant_id, idempotency_key, o
) first
ORDER BY o
ON CONFLICT DO NOTHING
RETURNING id::text`;
// `arrival` numbers the batch in the order it was sent (Postgres evaluates a volatile output
// column after the ORDER BY), which is the order ingest publishes it in and the rules engine scores
// it in: re-scoring replays events of the same occurred_at in that order. Of duplicates within the
// batch the first is kept.
// Any conflict is a duplicate: the id is derived from (tenant, idempotency key), and an erased
// user's event keeps its id while its key is hashed (so its redelivery is a duplicate too).

/**
 * How long a duplicate of a queued event waits after the last republish before publishing it
 * again (`published_at`, written on the duplicate path only: new events are never marked).
 */
export const REPUBLISH_AFTER = '30 seconds';

const SELECT_SQL = `
SELECT id::text, envelope, status, outcomes, error,
       status = 'queued' AND (published_at IS NULL OR published_at < now() - interval '${REPUBLISH_AFTER}') AS republish
FROM ingested_event WHERE id = ANY($1::uuid[])`;

interface Row {
  id: string;
  envelope: CanonicalEnvelope;
  status: string;
  republish: boolean;
  outcomes: StoredEvent['outcomes'];
  error: StoredEvent['error'];
}

/** A value Postgres refuses (SQLSTATE class 22, 54, NOT NULL, CHECK) is the event's fault: a validation error, never retried. */
async function refusalsAsValidation<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && isDataRefusal(code)) {
      throw new ValidationFailedError(`The database refused a value of the event: ${(err as Error).message}`, [{ pointer: '', detail: `SQLSTATE ${code}` }], 'value_not_storable');
    }
    throw err;
  }
}

const toStored = (r: Row): StoredEvent => ({ envelope: r.envelope, status: r.status as EventStatus, republish: r.republish, outcomes: r.outcomes, error: r.error });

@Injectable()
export class PrismaIngestedEventRepository implements IngestedEventRepository {
  constructor(
    @Inject(PRISMA) private readonly db: Db,
    @Inject(PG_POOL) private readonly pool: SqlPool,
  ) {}

  async insertMany(envelopes: CanonicalEnvelope[]): Promise<{ stored: StoredEvent; created: boolean }[]> {
    if (envelopes.length === 0) return [];
    const col = <K extends keyof CanonicalEnvelope>(k: K) => envelopes.map((e) => e[k]);
    const { rows: inserted } = await refusalsAsValidation(() => this.pool.query<{ id: string }>(INSERT_SQL, [
      col('id'),
      col('tenantId'),
      col('idempotencyKey'),
      col('type'),
      col('schemaVersion'),
      col('userId'),
      col('occurredAt'),
      col('receivedAt'),
      jsonArrayParam(envelopes),
    ]));
    const created = new Set(inserted.map((r) => r.id));
    // The id is derived from (tenant, idempotency key), so the id identifies the duplicate too.
    const others = [...new Set(envelopes.map((e) => e.id).filter((id) => !created.has(id)))];
    const existing = new Map<string, StoredEvent>();
    if (others.length > 0) {
      for (const r of (await this.pool.query<Row>(SELECT_SQL, [others])).rows) existing.set(r.id, toStored(r));
    }
    const claimed = new Set<string>();
    return envelopes.map((envelope) => {
      if (created.has(envelope.id) && !claimed.has(envelope.id)) {
        claimed.add(envelope.id);
        return { stored: { envelope, status: 'queued' as const }, created: true };
      }
      const stored = existing.get(envelope.id) ?? { envelope, status: 'queued' as const };
      return { stored, created: false };
    });
  }

  async markRepublished(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    // published_at is not indexed: an update Postgres can make in place.
    await this.pool.query(`UPDATE ingested_event SET published_at = now() WHERE id = ANY($1::uuid[]) AND status = 'queued'`, [ids]);
  }

  async findById(tenantId: string, id: string): Promise<StoredEvent | null> {
    const row = await this.db.ingestedEvent.findFirst({ where: { tenantId, id }, select: { envelope: true, status: true, outcomes: true, error: true } });
    return row
      ? {
          envelope: row.envelope as unknown as CanonicalEnvelope,
          status: row.status as EventStatus,
          outcomes: row.outcomes as StoredEvent['outcomes'],
          error: row.error as StoredEvent['error'],
        }
      : null;
  }

  async list(tenantId: string, f: EventListFilter, limit: number): Promise<ListedEvent[]> {
    // A user's events through (tenant_id, user_id, occurred_at); one key through its unique index.
    // A value Postgres refuses (an odd time, a character text cannot hold) is the query's fault: 422.
    // Events of the same time: the one accepted last first (the order they were sent in, a batch's
    // included), not an order of their random ids (adopter trial 5 #15).
    const { rows } = await refusalsAsValidation(() => this.pool.query<Omit<Row, 'republish'> & { received_at: Date; occurred_at: Date; arrival: string }>(
      `SELECT id::text, envelope, status, outcomes, error, received_at, occurred_at, coalesce(arrival, 0)::text AS arrival FROM ingested_event
        WHERE tenant_id = $1 AND ($2::text IS NULL OR user_id = $2) AND ($3::text IS NULL OR idempotency_key = $3)
          AND ($4::text IS NULL OR type = $4) AND ($5::text IS NULL OR status = $5)
          AND ($6::timestamptz IS NULL OR occurred_at >= $6) AND ($7::timestamptz IS NULL OR occurred_at < $7)
          AND ($8::timestamptz IS NULL OR (occurred_at, coalesce(arrival, 0), id) < ($8::timestamptz, coalesce($11::bigint, ${Number.MAX_SAFE_INTEGER}), $9::uuid))
        ORDER BY occurred_at DESC, coalesce(arrival, 0) DESC, id DESC LIMIT $10`,
      [tenantId, f.userId ?? null, f.idempotencyKey ?? null, f.type ?? null, f.status ?? null, f.from ?? null, f.to ?? null, f.after?.occurredAt ?? null, f.after?.id ?? null, limit, f.after?.arrival ?? null],
    ));
    return rows.map((r) => ({
      envelope: r.envelope,
      status: r.status as EventStatus,
      outcomes: r.outcomes,
      error: r.error,
      receivedAt: r.received_at.toISOString(),
      position: { occurredAt: r.occurred_at.toISOString(), arrival: r.arrival, id: r.id },
    }));
  }

  async applyStatus(reports: EventStatusMessage[], envelopesOf: string[] = []): Promise<SettledEvent[]> {
    // A re-scoring's corrections add to the outcomes of an event long processed: no status moves.
    await this.addCorrections(reports.filter((r) => r.corrections !== undefined));
    const processed = reports.filter((r) => r.status === 'processed' && r.corrections === undefined);
    const failed = reports.filter((r) => r.status !== 'processed');
    const settled: SettledEvent[] = [];
    type Row = { tenant_id: string; received_ms: number; envelope: CanonicalEnvelope | null; was: string; now: string };
    const toSettled = (r: Row): SettledEvent => ({ tenantId: r.tenant_id, receivedAtMs: r.received_ms, envelope: r.envelope, status: r.now as SettledEvent['status'] });
    if (processed.length > 0) {
      // `old` is the row as it was before this statement: only a first arrival at a status is reported (metrics count each event once).
      // Reaching `processed` leaves every indexed column alone — `updated_at` included — so Postgres
      // can update the row in place (HOT; the table keeps room on its pages): about 3× cheaper than
      // a new version in each of its five indexes. `updated_at` follows what analytics reads:
      // arrival, failures, unlocks, anonymisation and erasure.
      const { rows } = await this.pool.query<Row>(
        `UPDATE ingested_event e
            SET status = 'processed', error = NULL,
                outcomes = coalesce(e.outcomes, '{}'::jsonb) || ${jsonAt('$3', 'u.o')}
           FROM (SELECT DISTINCT ON (tenant_id, id) * FROM unnest($1::text[], $2::uuid[]) WITH ORDINALITY AS t(tenant_id, id, o)) u, ingested_event old
          WHERE e.tenant_id = u.tenant_id AND e.id = u.id AND old.tenant_id = e.tenant_id AND old.id = e.id
          RETURNING e.tenant_id, (extract(epoch FROM e.received_at) * 1000)::float8 AS received_ms, CASE WHEN e.tenant_id = ANY($4::text[]) THEN e.envelope END AS envelope, old.status AS was, e.status AS now`,
        [processed.map((r) => r.tenantId), processed.map((r) => r.eventId), jsonArrayParam(processed.map((r) => ({ awards: r.awards ?? [], ...(r.skipped?.length ? { skipped: r.skipped } : {}) }))), envelopesOf],
      );
      settled.push(...rows.filter((r) => r.was !== 'processed').map(toSettled));
    }
    // Failures in report order (the last one wins); a failure never overwrites `processed`.
    for (const r of failed) {
      const { rows } = await this.pool.query<Row>(
        `UPDATE ingested_event e
            SET status = CASE WHEN e.status = 'processed' THEN e.status ELSE $3 END, error = $4::jsonb, updated_at = now()
           FROM ingested_event old
          WHERE e.tenant_id = $1 AND e.id = $2::uuid AND old.tenant_id = e.tenant_id AND old.id = e.id
          RETURNING e.tenant_id, (extract(epoch FROM e.received_at) * 1000)::float8 AS received_ms, CASE WHEN e.tenant_id = ANY($5::text[]) THEN e.envelope END AS envelope, old.status AS was, e.status AS now`,
        [r.tenantId, r.eventId, r.status, JSON.stringify({ ...r.error, stage: r.stage, at: r.at }), envelopesOf],
      );
      settled.push(...rows.filter((x) => x.was !== x.now && x.now === 'dead_lettered').map(toSettled));
    }
    return settled;
  }

  /** Appends each correction to its event's `outcomes.corrections`, once per ledger key (a redelivery adds nothing). */
  private async addCorrections(reports: EventStatusMessage[]): Promise<void> {
    const rows = reports.flatMap((r) => (r.corrections ?? []).map((c) => ({ tenantId: r.tenantId, eventId: r.eventId, entry: JSON.stringify(c) })));
    if (rows.length === 0) return;
    await this.pool.query(
      `WITH input AS (
         SELECT DISTINCT ON (tenant_id, id, entry->>'key') tenant_id, id, entry
           FROM (SELECT tenant_id, id, entry_text::jsonb AS entry FROM unnest($1::text[], $2::uuid[], $3::text[]) AS t(tenant_id, id, entry_text)) raw
       ), fresh AS (
         SELECT i.tenant_id, i.id, jsonb_agg(i.entry) AS added
           FROM input i JOIN ingested_event e ON e.tenant_id = i.tenant_id AND e.id = i.id
          WHERE NOT coalesce(e.outcomes->'corrections', '[]'::jsonb) @> jsonb_build_array(jsonb_build_object('key', i.entry->'key'))
          GROUP BY i.tenant_id, i.id
       )
       UPDATE ingested_event e
          SET outcomes = jsonb_set(coalesce(e.outcomes, '{}'::jsonb), '{corrections}', coalesce(e.outcomes->'corrections', '[]'::jsonb) || f.added)
         FROM fresh f
        WHERE e.tenant_id = f.tenant_id AND e.id = f.id`,
      [rows.map((r) => r.tenantId), rows.map((r) => r.eventId), rows.map((r) => r.entry)],
    );
  }

  async addUnlocks(unlocks: UnlockOutcome[]): Promise<void> {
    if (unlocks.length === 0) return;
    // Idempotent: an unlock already recorded (redelivery) is not appended again.
    await this.pool.query(
      `WITH input AS (
         SELECT tenant_id, id, entry_text::jsonb AS entry FROM unnest($1::text[], $2::uuid[], $3::text[]) AS t(tenant_id, id, entry_text)
       ), fresh AS (
         SELECT i.tenant_id, i.id, jsonb_agg(DISTINCT i.entry) AS added
           FROM input i JOIN ingested_event e ON e.tenant_id = i.tenant_id AND e.id = i.id
          WHERE NOT coalesce(e.outcomes->'unlocks', '[]'::jsonb) @> jsonb_build_array(i.entry)
          GROUP BY i.tenant_id, i.id
       )
       UPDATE ingested_event e
          SET outcomes = jsonb_set(coalesce(e.outcomes, '{}'::jsonb), '{unlocks}', coalesce(e.outcomes->'unlocks', '[]'::jsonb) || f.added), updated_at = now()
         FROM fresh f
        WHERE e.tenant_id = f.tenant_id AND e.id = f.id`,
      [unlocks.map((u) => u.tenantId), unlocks.map((u) => u.eventId), unlocks.map((u) => JSON.stringify({ achievementId: u.achievementId, userId: u.userId, name: u.name }))],
    );
  }
}
