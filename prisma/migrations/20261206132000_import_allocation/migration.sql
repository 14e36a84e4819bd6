-- Each billing import's own allocation: the UTC days its lines, and the older lines it replaced,
-- were charged on ([allocation_from, allocation_to)), allocated as soon as it commits. allocated_at
-- is when an allocation covering those days last finished; allocation_error why the last attempt
-- failed (the worker tries again). Imports before this change count as allocated when the
-- allocation ran after them, as the worker judged it.
ALTER TABLE "billing_import"
  ADD COLUMN "allocation_from" DATE,
  ADD COLUMN "allocation_to" DATE,
  ADD COLUMN "allocated_at" TIMESTAMPTZ(3),
  ADD COLUMN "allocation_error" TEXT;

UPDATE "billing_import"
   SET "allocation_from" = ("period_start" AT TIME ZONE 'UTC')::date,
       "allocation_to" = ("period_end" AT TIME ZONE 'UTC')::date + 1
 WHERE "status" IN ('succeeded', 'replaced') AND "period_start" IS NOT NULL;

UPDATE "billing_import"
   SET "allocated_at" = (SELECT max("computed_at") FROM "cost_allocation")
 WHERE "status" = 'succeeded' AND "created_at" <= (SELECT max("computed_at") FROM "cost_allocation");

CREATE INDEX "billing_import_unallocated_idx" ON "billing_import" ("created_at") WHERE "status" = 'succeeded' AND "allocated_at" IS NULL;
