-- Repeatable achievements: one unlock per (user, achievement, occurrence); '' for once-only ones,
-- so rows written before this release keep their meaning and older code inserting without the
-- column still conflicts on the same key. `basis` keeps the criterion values that caused an unlock.
ALTER TABLE "achievement_unlock" ADD COLUMN "occurrence" TEXT NOT NULL DEFAULT '';
ALTER TABLE "achievement_unlock" ADD COLUMN "basis" JSONB;
ALTER TABLE "achievement_unlock" DROP CONSTRAINT "achievement_unlock_pkey";
ALTER TABLE "achievement_unlock" ADD CONSTRAINT "achievement_unlock_pkey" PRIMARY KEY ("tenant_id", "user_id", "achievement_id", "occurrence");

-- Reward items a user can redeem only while holding these achievements.
ALTER TABLE "reward_item" ADD COLUMN "requires_badges" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];
-- A redemption granted by an achievement (cost 0) rather than bought.
ALTER TABLE "redemption" ADD COLUMN "granted" BOOLEAN NOT NULL DEFAULT false;
