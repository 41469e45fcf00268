import { scopeValuesOf, type Scopes } from '@questline/contracts';
import type { LeaderboardDef, Pack } from '@questline/rules';
import { boardRef, type BoardScope, type BoardUpdate } from './rank-store.port';
import { periodsAt, type BoardCalendar, type BoardWindow } from './windows';

export const GLOBAL = 'global';

/** How the tenant's pack cuts this board's time into periods. */
export function calendarOf(pack: Pack, def?: LeaderboardDef): BoardCalendar {
  return { zone: pack.timezone || 'UTC', weekStart: pack.weekStart ?? 1, seasons: def?.seasons };
}

/** The board's lifecycle timings, with their defaults (see LeaderboardDef.lifecycle). */
export const lifecycleOf = (def: LeaderboardDef) => ({ publishAfterMs: (def.lifecycle?.publishAfterMinutes ?? 60) * 60_000, lockAfterMs: (def.lifecycle?.lockAfterHours ?? 24) * 3_600_000 });

/** `global` or `<dimension>:<value>`: the form of the API's `scope` and of stored standings. */
export const scopeName = (scope?: BoardScope): string => (scope ? `${scope.dimension}:${scope.value}` : GLOBAL);

/** Parses a scope name; undefined for `global`. */
export function parseScope(name: string | undefined): BoardScope | undefined {
  if (!name || name === GLOBAL) return undefined;
  const i = name.indexOf(':');
  return i > 0 ? { dimension: name.slice(0, i), value: name.slice(i + 1) } : { dimension: name, value: '' };
}

/**
 * Every board period (global and per scope) one board-counting entry moves: each window's period
 * of the EVENT time in the tenant's zone (late events count where they happened), and each scope
 * of the board whose dimension the event had: each of its values, when it had a list (tags).
 */
export interface BoardTarget extends BoardUpdate {
  def: LeaderboardDef;
  window: BoardWindow;
  period: string;
}

export function boardTargets(pack: Pack, tenantId: string, e: { currency: string; amount: number; occurredAt: number; scopes?: Scopes }): BoardTarget[] {
  return pack.leaderboards
    .filter((b) => b.currency === e.currency)
    .flatMap((b) => {
      const scopes: (BoardScope | undefined)[] = [undefined];
      for (const d of b.scopes ?? []) for (const value of scopeValuesOf(e.scopes?.[d])) scopes.push({ dimension: d, value });
      return periodsAt(b.windows ?? ['all-time'], e.occurredAt, calendarOf(pack, b)).flatMap((p) =>
        scopes.map((scope) => ({ set: boardRef(tenantId, b.id, p.period, scope), delta: e.amount, tick: p.tick, dense: b.ties === 'dense', def: b, window: p.window, period: p.period })),
      );
    });
}
