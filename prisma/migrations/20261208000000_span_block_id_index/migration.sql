-- Block ids in order of commit (one compaction writes at a time): the trace-id filters kept in
-- memory (lib/traces/block-filters.ts) read only the blocks above the highest id they hold.
CREATE INDEX "span_block_id_idx" ON "span_block" ("id");
