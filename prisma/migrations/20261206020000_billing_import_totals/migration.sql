-- A billing file's totals per currency ([{ "currency", "billedCost", "effectiveCost" }]): amounts in
-- different currencies are never added. billed_cost and effective_cost stay filled only for a file
-- in one currency. An import waiting for another import of the same period has status 'queued'.
ALTER TABLE "billing_import" ADD COLUMN "totals" JSONB;

UPDATE "billing_import" i SET "totals" = t.totals
FROM (
  SELECT import_id, jsonb_agg(jsonb_build_object('currency', billing_currency, 'billedCost', trim_scale(billed)::text, 'effectiveCost', trim_scale(effective)::text) ORDER BY billing_currency) AS totals
  FROM (SELECT import_id, billing_currency, sum(billed_cost) AS billed, sum(effective_cost) AS effective FROM cost_line WHERE import_id IS NOT NULL GROUP BY 1, 2) s
  GROUP BY import_id
) t
WHERE t.import_id = i.id;

UPDATE "billing_import" SET "billed_cost" = NULL, "effective_cost" = NULL WHERE jsonb_array_length("totals") > 1;
