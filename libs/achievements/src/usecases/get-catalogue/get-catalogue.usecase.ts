import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError } from '@questline/contracts';
import { PACK_CATALOG, type PackCatalog } from '@questline/rules';
import { ACHIEVEMENT_REPOSITORY, type AchievementRepository } from '../../domain/achievement.repository';

export interface CatalogueEntry {
  id: string;
  /** Null for a secret achievement: its name, description and criterion stay hidden. */
  name: string | null;
  description: string | null;
  /** The pack's class for it (`bronze`, `silver`, `gold`, …); null when none or secret. */
  class: string | null;
  secret: boolean;
  /** What unlocks it, as the pack says (`{ metric, atLeast }`, `{ streak, atLeast }`, `{ quest }`, `{ all: [...] }`, …); null when secret. */
  criterion: Record<string, unknown> | null;
  /** Unlocked again on each occurrence of its criterion (each period, day or instance). */
  repeatable: boolean;
  /** A time-limited achievement's window (null: always). */
  availableFrom: string | null;
  availableUntil: string | null;
  /** Points and/or an item given on unlock, and whether a revocation takes them back; null when none (or secret). */
  reward: { currency: string | null; amount: number | null; item: string | null; onRevoke: 'keep' | 'clawback' } | null;
  /** Users who unlocked it, and that as a share of the tenant's users (users with a balance). */
  unlocked: number;
  rate: number;
}

/** The tenant's achievement catalogue with unlock counts and rates; secret ones show only that they exist. */
@Injectable()
export class GetCatalogueUseCase {
  constructor(
    @Inject(ACHIEVEMENT_REPOSITORY) private readonly achievements: AchievementRepository,
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
  ) {}

  async execute(tenantId: string): Promise<{ users: number; achievements: CatalogueEntry[] }> {
    const pack = this.packs.get(tenantId);
    if (!pack) throw new NotFoundError('unknown_tenant', `Tenant "${tenantId}" has no active pack.`);
    const { counts, users } = await this.achievements.unlockCounts(tenantId);
    return {
      users,
      achievements: pack.achievements.map((a) => {
        const unlocked = counts.get(a.id) ?? 0;
        const rate = users === 0 ? 0 : Math.round((unlocked / users) * 10_000) / 10_000;
        const entry: CatalogueEntry = a.secret
          ? { id: a.id, name: null, description: null, class: null, secret: true, criterion: null, repeatable: false, availableFrom: null, availableUntil: null, reward: null, unlocked, rate }
          : {
              id: a.id,
              name: a.name,
              description: a.description ?? null,
              class: a.class ?? null,
              secret: false,
              criterion: { ...a.when },
              repeatable: a.repeatable,
              availableFrom: a.availableFrom ?? null,
              availableUntil: a.availableUntil ?? null,
              reward: a.reward ? { currency: a.reward.currency ?? null, amount: a.reward.amount ?? null, item: a.reward.item ?? null, onRevoke: a.onRevoke } : null,
              unlocked,
              rate,
            };
        return entry;
      }),
    };
  }
}
