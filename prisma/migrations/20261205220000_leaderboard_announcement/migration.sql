-- The last top N announced per board, window and scope (boards with `updates`): what the next
-- announcement is compared with (top_3_changed), across instances and restarts.
CREATE TABLE "leaderboard_announcement" (
    "tenant_id" TEXT NOT NULL,
    "board_id" TEXT NOT NULL,
    "window" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "top" JSONB NOT NULL,
    "announced_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "leaderboard_announcement_pkey" PRIMARY KEY ("tenant_id","board_id","window","scope")
);
