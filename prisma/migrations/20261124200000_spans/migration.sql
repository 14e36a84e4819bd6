-- Spans, range-partitioned by UTC day on start_time. Partitions (span_pYYYYMMDD) are created
-- ahead by the worker and on demand by ingest (lib/traces/partitions.ts); retention drops them.
CREATE TABLE "span" (
    "start_time" TIMESTAMPTZ(6) NOT NULL,
    "trace_id" BYTEA NOT NULL,
    "span_id" BYTEA NOT NULL,
    "parent_span_id" BYTEA,
    "service" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" SMALLINT NOT NULL,
    "duration_ns" BIGINT NOT NULL,
    "status_code" SMALLINT NOT NULL,
    "status_message" TEXT,
    "http_route" TEXT,
    "http_status_code" INTEGER,
    "db_system" TEXT,
    "peer_service" TEXT,
    "environment" TEXT,
    "feature" TEXT,
    "resource_fp" BIGINT NOT NULL,
    "scope_name" TEXT,
    "scope_version" TEXT,
    "trace_state" TEXT,
    "flags" INTEGER NOT NULL DEFAULT 0,
    "attributes" JSONB NOT NULL DEFAULT '{}',
    "events" JSONB,
    "links" JSONB,

    -- Also the idempotency key: a re-sent span conflicts and is skipped.
    CONSTRAINT "span_pkey" PRIMARY KEY ("trace_id","span_id","start_time")
) PARTITION BY RANGE ("start_time");

CREATE INDEX "span_service_start_time_idx" ON "span"("service", "start_time");

CREATE TABLE "span_resource" (
    "fingerprint" BIGINT NOT NULL,
    "service" TEXT NOT NULL,
    "attributes" JSONB NOT NULL,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "span_resource_pkey" PRIMARY KEY ("fingerprint")
);
