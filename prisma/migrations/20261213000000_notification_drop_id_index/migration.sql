-- contract: issue 23, the contract step of 20261205180000_notification_seq (the feed moved to seq in
-- ba630c7, a release before tools/release/previous-release): the feed, the stream and every
-- other read of a user's notifications go through (tenant_id, user_id, seq) since that release, so
-- (tenant_id, user_id, id) only cost every notification INSERT one more index entry (the INSERT of
-- 500 notifications ×0.875 without it). Dropping an index holds an ACCESS EXCLUSIVE lock for the
-- moment it takes; on a large table, run `DROP INDEX CONCURRENTLY` first (IF EXISTS makes this a
-- no-op then; tools/release/README.md).
DROP INDEX IF EXISTS "notification_tenant_id_user_id_id_idx";
