-- Rollup counts are sums of sampling weights, and one span may stand for up to 2^56 spans
-- (tracestate ot=th, lib/traces/rollup-sql.ts): an int column overflowed and froze the rollup.
-- bigint holds them; the rollup saturates a sum at bigint's maximum rather than fail.
ALTER TABLE "span_minute" ALTER COLUMN "requests" TYPE BIGINT, ALTER COLUMN "errors" TYPE BIGINT, ALTER COLUMN "counts" TYPE BIGINT[];
ALTER TABLE "service_edge_minute" ALTER COLUMN "calls" TYPE BIGINT, ALTER COLUMN "errors" TYPE BIGINT, ALTER COLUMN "counts" TYPE BIGINT[];
ALTER TABLE "span_hour" ALTER COLUMN "requests" TYPE BIGINT, ALTER COLUMN "errors" TYPE BIGINT, ALTER COLUMN "counts" TYPE BIGINT[];
ALTER TABLE "service_edge_hour" ALTER COLUMN "calls" TYPE BIGINT, ALTER COLUMN "errors" TYPE BIGINT, ALTER COLUMN "counts" TYPE BIGINT[];
ALTER TABLE "feature_usage_minute" ALTER COLUMN "requests" TYPE BIGINT;
