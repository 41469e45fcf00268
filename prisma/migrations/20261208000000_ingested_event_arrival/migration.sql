-- The order events were accepted in, so re-scoring replays events with the same occurred_at in the
-- order they arrived (and were scored live), not in event-id order. A nullable column without a
-- default is added without rewriting the table; the default set afterwards applies to new rows
-- only. Events accepted before this migration have none (replayed first among their equals, then
-- by id, as before). Not indexed: replays read the (tenant_id, occurred_at, id) index and sort
-- each run of equal times (an incremental sort).
CREATE SEQUENCE "ingested_event_arrival_seq" AS bigint;
ALTER TABLE "ingested_event" ADD COLUMN "arrival" BIGINT;
ALTER TABLE "ingested_event" ALTER COLUMN "arrival" SET DEFAULT nextval('ingested_event_arrival_seq');
ALTER SEQUENCE "ingested_event_arrival_seq" OWNED BY "ingested_event"."arrival";
