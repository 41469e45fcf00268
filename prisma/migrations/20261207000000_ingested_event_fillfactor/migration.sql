-- Issue 23: an event's status moves from queued to processed once; leave room on each page so
-- Postgres can write that change in place (a HOT update: no new index entries) instead of a new
-- row version in every index. Pages written from now on keep 30% free; existing pages are not
-- rewritten. Takes a SHARE UPDATE EXCLUSIVE lock only: reads and writes go on.
ALTER TABLE "ingested_event" SET (fillfactor = 70);
