-- AlterTable
ALTER TABLE "ledger_entry" ADD COLUMN     "scopes" JSONB;

-- CreateTable
CREATE TABLE "leaderboard_exclusion" (
    "tenant_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "note" TEXT,
    "actor" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "leaderboard_exclusion_pkey" PRIMARY KEY ("tenant_id","user_id")
);

-- CreateTable
CREATE TABLE "leaderboard_period" (
    "tenant_id" TEXT NOT NULL,
    "board_id" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "window" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "members" INTEGER NOT NULL,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "computed_at" TIMESTAMPTZ(3) NOT NULL,
    "published_at" TIMESTAMPTZ(3),
    "locked_at" TIMESTAMPTZ(3),

    CONSTRAINT "leaderboard_period_pkey" PRIMARY KEY ("tenant_id","board_id","scope","period")
);

-- CreateTable
CREATE TABLE "leaderboard_standing" (
    "tenant_id" TEXT NOT NULL,
    "board_id" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "rank" INTEGER NOT NULL,
    "score" BIGINT NOT NULL,
    "reached_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "leaderboard_standing_pkey" PRIMARY KEY ("tenant_id","board_id","scope","period","user_id")
);

-- CreateTable
CREATE TABLE "league_member" (
    "tenant_id" TEXT NOT NULL,
    "league_id" TEXT NOT NULL,
    "week" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "tier" TEXT NOT NULL,
    "cohort" INTEGER NOT NULL,
    "joined_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "rank" INTEGER,
    "score" BIGINT,
    "outcome" TEXT,
    "settled_at" TIMESTAMPTZ(3),

    CONSTRAINT "league_member_pkey" PRIMARY KEY ("tenant_id","league_id","week","user_id")
);

-- CreateTable
CREATE TABLE "league_seat" (
    "tenant_id" TEXT NOT NULL,
    "league_id" TEXT NOT NULL,
    "week" TEXT NOT NULL,
    "tier" TEXT NOT NULL,
    "taken" INTEGER NOT NULL,

    CONSTRAINT "league_seat_pkey" PRIMARY KEY ("tenant_id","league_id","week","tier")
);

-- CreateIndex
CREATE INDEX "leaderboard_period_tenant_id_status_idx" ON "leaderboard_period"("tenant_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "leaderboard_standing_tenant_id_board_id_scope_period_positi_key" ON "leaderboard_standing"("tenant_id", "board_id", "scope", "period", "position");

-- CreateIndex
CREATE INDEX "league_member_tenant_id_league_id_week_tier_cohort_idx" ON "league_member"("tenant_id", "league_id", "week", "tier", "cohort");

-- CreateIndex
CREATE INDEX "league_member_tenant_id_league_id_user_id_week_idx" ON "league_member"("tenant_id", "league_id", "user_id", "week");

