-- How much of an entry counts toward lifetime earned, where that is not simply its amount when
-- positive. Set on re-scoring corrections only: a run raises a user's lifetime by what the run adds
-- to their net earned (never by credit that merely moved between events, under a cap or a
-- once-per key), so each positive correction carries its share of that gain and the negative ones
-- none. NULL (every other entry, and every entry written before this migration) means
-- greatest(amount, 0). A nullable column without a default: added without rewriting the table.
ALTER TABLE "ledger_entry" ADD COLUMN "lifetime_credit" BIGINT;
