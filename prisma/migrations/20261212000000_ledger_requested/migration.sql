-- What a debit asked for, where its currency's floor held it back (a reputation that never drops
-- below 1): `amount` is what was booked, `requested` what the rule, correction or reversal asked.
-- Re-scoring compares the rules' new amounts with what they asked, so an unchanged rule makes no
-- correction of a held penalty. NULL (every other entry, and every entry written before this
-- migration): the entry was booked as asked. Nullable without a default: no table rewrite.
ALTER TABLE "ledger_entry" ADD COLUMN "requested" BIGINT;
