-- Failed entry requests per feature, so an SLO can be scoped to a feature (lib/slo): errors by
-- span status and answers with an HTTP 5xx, as span_minute counts them. Rows rolled up before
-- this migration count none.
ALTER TABLE "feature_usage_minute"
  ADD COLUMN "errors" BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN "server_errors" BIGINT NOT NULL DEFAULT 0;
