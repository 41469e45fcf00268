import { Inject, Injectable } from '@nestjs/common';
import type { CanonicalEnvelope, EventStatusMessage } from '@questline/contracts';
import { PRISMA, type Db } from '@questline/persistence';
import type { EventStatus, IngestedEventRepository, StoredEvent, UnlockOutcome } from '../domain/ingested-event.repository';

/** One INSERT ... SELECT FROM unnest for a whole group of accepted events; duplicates are skipped. */
const INSERT_SQL = `
INSERT INTO ingested_event (id, tenant_id, idempotency_key, type, schema_version, user_id, occurred_at, received_at, envelope, status)
SELECT DISTINCT ON (tenant_id, idempotency_key) id, tenant_id, idempotency_key, type, schema_version, user_id, occurred_at, received_at, envelope::jsonb, 'queued'
FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::timestamptz[], $8::timestamptz[], $9::text[])
  AS t(id, tenant_id, idempotency_key, type, schema_version, user_id, occurred_at, received_at, envelope)
ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
RETURNING id::text`;

const SELECT_SQL = `
SELECT id::text, envelope, status, published_at IS NOT NULL AS published, outcomes, error
FROM ingested_event WHERE id = ANY($1::uuid[])`;

interface Row {
  id: string;
  envelope: CanonicalEnvelope;
  status: string;
  published: boolean;
  outcomes: StoredEvent['outcomes'];
  error: StoredEvent['error'];
}

const toStored = (r: Row): StoredEvent => ({ envelope: r.envelope, status: r.status as EventStatus, published: r.published, outcomes: r.outcomes, error: r.error });

@Injectable()
export class PrismaIngestedEventRepository implements IngestedEventRepository {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  async insertMany(envelopes: CanonicalEnvelope[]): Promise<{ stored: StoredEvent; created: boolean }[]> {
    if (envelopes.length === 0) return [];
    const col = <K extends keyof CanonicalEnvelope>(k: K) => envelopes.map((e) => e[k]);
    const inserted = await this.db.$queryRawUnsafe<{ id: string }[]>(
      INSERT_SQL,
      col('id'),
      col('tenantId'),
      col('idempotencyKey'),
      col('type'),
      col('schemaVersion'),
      col('userId'),
      col('occurredAt'),
      col('receivedAt'),
      envelopes.map((e) => JSON.stringify(e)),
    );
    const created = new Set(inserted.map((r) => r.id));
    // The id is derived from (tenant, idempotency key), so the id identifies the duplicate too.
    const others = [...new Set(envelopes.map((e) => e.id).filter((id) => !created.has(id)))];
    const existing = new Map<string, StoredEvent>();
    if (others.length > 0) {
      for (const r of await this.db.$queryRawUnsafe<Row[]>(SELECT_SQL, others)) existing.set(r.id, toStored(r));
    }
    const claimed = new Set<string>();
    return envelopes.map((envelope) => {
      if (created.has(envelope.id) && !claimed.has(envelope.id)) {
        claimed.add(envelope.id);
        return { stored: { envelope, status: 'queued' as const, published: false }, created: true };
      }
      const stored = existing.get(envelope.id) ?? { envelope, status: 'queued' as const, published: false };
      return { stored, created: false };
    });
  }

  async markPublished(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.$executeRawUnsafe(`UPDATE ingested_event SET published_at = now() WHERE id = ANY($1::uuid[]) AND published_at IS NULL`, ids);
  }

  async findById(tenantId: string, id: string): Promise<StoredEvent | null> {
    const row = await this.db.ingestedEvent.findFirst({ where: { tenantId, id }, select: { envelope: true, status: true, publishedAt: true, outcomes: true, error: true } });
    return row
      ? {
          envelope: row.envelope as unknown as CanonicalEnvelope,
          status: row.status as EventStatus,
          published: row.publishedAt !== null,
          outcomes: row.outcomes as StoredEvent['outcomes'],
          error: row.error as StoredEvent['error'],
        }
      : null;
  }

  async applyStatus(reports: EventStatusMessage[]): Promise<void> {
    for (const r of reports) {
      if (r.status === 'processed') {
        await this.db.$executeRawUnsafe(
          `UPDATE ingested_event
             SET status = 'processed', error = NULL, updated_at = now(),
                 outcomes = jsonb_set(coalesce(outcomes, '{}'::jsonb), '{awards}', $3::jsonb)
           WHERE tenant_id = $1 AND id = $2::uuid`,
          r.tenantId,
          r.eventId,
          JSON.stringify(r.awards ?? []),
        );
      } else {
        await this.db.$executeRawUnsafe(
          `UPDATE ingested_event
             SET status = CASE WHEN status = 'processed' THEN status ELSE $3 END, error = $4::jsonb, updated_at = now()
           WHERE tenant_id = $1 AND id = $2::uuid`,
          r.tenantId,
          r.eventId,
          r.status,
          JSON.stringify({ ...r.error, stage: r.stage, at: r.at }),
        );
      }
    }
  }

  async addUnlocks(unlocks: UnlockOutcome[]): Promise<void> {
    for (const u of unlocks) {
      const entry = JSON.stringify([{ achievementId: u.achievementId, userId: u.userId, name: u.name }]);
      // Idempotent: an unlock already recorded (redelivery) is not appended again.
      await this.db.$executeRawUnsafe(
        `UPDATE ingested_event
           SET outcomes = jsonb_set(coalesce(outcomes, '{}'::jsonb), '{unlocks}', coalesce(outcomes->'unlocks', '[]'::jsonb) || $3::jsonb), updated_at = now()
         WHERE tenant_id = $1 AND id = $2::uuid AND NOT coalesce(outcomes->'unlocks', '[]'::jsonb) @> $3::jsonb`,
        u.tenantId,
        u.eventId,
        entry,
      );
    }
  }
}
