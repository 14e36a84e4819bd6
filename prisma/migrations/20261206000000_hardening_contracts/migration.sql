-- Minutes that received spans after the rollup's redo window had passed them: the receiver notes
-- them with the spans, the rollup rebuilds them (within the trace retention) and deletes the notes
-- it read. Appended, never updated: concurrent receivers noting one minute never wait on each other.
CREATE TABLE "span_late_minute" (
    "id" BIGSERIAL NOT NULL,
    "minute" TIMESTAMPTZ(6) NOT NULL,
    "noted_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
    CONSTRAINT "span_late_minute_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "span_late_minute_minute_idx" ON "span_late_minute" ("minute");

-- Each worker job's last run, success and error, for the Settings page and /api/health.
CREATE TABLE "job_state" (
    "name" TEXT NOT NULL,
    "last_started_at" TIMESTAMPTZ(6),
    "last_success_at" TIMESTAMPTZ(6),
    "last_error_at" TIMESTAMPTZ(6),
    "last_error" TEXT,
    "consecutive_failures" INTEGER NOT NULL DEFAULT 0,
    "detail" JSONB,
    CONSTRAINT "job_state_pkey" PRIMARY KEY ("name")
);
