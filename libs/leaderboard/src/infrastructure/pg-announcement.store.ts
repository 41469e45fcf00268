import { Inject, Injectable } from '@nestjs/common';
import { isDeepStrictEqual } from 'node:util';
import { PG_POOL, withTransaction, type SqlPool } from '@questline/persistence';
import type { AnnouncedTop, AnnouncedView, AnnouncementStore } from '../domain/announcement.store';

@Injectable()
export class PgAnnouncementStore implements AnnouncementStore {
  constructor(@Inject(PG_POOL) private readonly pool: SqlPool) {}

  announce(view: AnnouncedView, next: AnnouncedTop, publish: (previous: AnnouncedTop | null) => Promise<void>): Promise<boolean> {
    const key = [view.tenantId, view.boardId, view.window, view.scope];
    return withTransaction(this.pool, async (tx) => {
      // The row is created empty first so that the lock below always has a row to hold.
      await tx.query(`INSERT INTO leaderboard_announcement (tenant_id, board_id, "window", scope, period, top) VALUES ($1, $2, $3, $4, '', 'null') ON CONFLICT DO NOTHING`, key);
      const { rows } = await tx.query<{
        period: string;
        top: AnnouncedTop['top'] | null;
      }>(`SELECT period, top FROM leaderboard_announcement WHERE tenant_id = $1 AND board_id = $2 AND "window" = $3 AND scope = $4 FOR UPDATE`, key);
      const row = rows[0]!;
      const previous = row.top === null ? null : { period: row.period, top: row.top };
      if (previous && isDeepStrictEqual(previous, next)) return false;
      await publish(previous);
      await tx.query(`UPDATE leaderboard_announcement SET period = $5, top = $6, announced_at = now() WHERE tenant_id = $1 AND board_id = $2 AND "window" = $3 AND scope = $4`, [
        ...key,
        next.period,
        JSON.stringify(next.top),
      ]);
      return true;
    });
  }
}
