-- Issue 23: a balance row and a notification cursor are small rows that are rewritten on every
-- batch that touches their user (the ledger append's balance upsert; the cursor's lock-and-reserve).
-- On full pages each rewrite is a new row version on another page plus a new entry in the primary
-- key's index; with half of each page left free, the new version goes on the same page (a HOT
-- update: no index entry; the old version is pruned later, when the page is next read). Measured
-- with `npm run bench:footprint`, four alternating pairs: HOT updates of `balance` 13–80% (median
-- 36%) → 85–93%, of `notification_cursor` 29–85% (median 72%) → 83–88%. The tables hold one row
-- per user and currency (per user), so leaving half of each page free costs little space.
-- Pages written from now on keep half free; existing pages are not rewritten: the gain comes as
-- rows move to new pages, or at once after pg_repack (docs/operations.md, "Sizing"). Takes a
-- SHARE UPDATE EXCLUSIVE lock only: reads and writes go on.
ALTER TABLE "balance" SET (fillfactor = 50);
ALTER TABLE "notification_cursor" SET (fillfactor = 50);
