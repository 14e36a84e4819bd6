-- Per-minute RED and service-to-service edges, rolled up from spans by the worker; a BRIN index
-- lets the rollup read a minute window without scanning the whole day's partition.

-- CreateTable
CREATE TABLE "span_minute" (
    "minute" TIMESTAMPTZ(3) NOT NULL,
    "service" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "environment" TEXT NOT NULL DEFAULT '',
    "requests" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,
    "buckets" SMALLINT[],
    "counts" INTEGER[],

CONSTRAINT "span_minute_pkey" PRIMARY KEY ("service","minute","operation","environment")
);

-- CreateTable
CREATE TABLE "service_edge_minute" (
    "minute" TIMESTAMPTZ(3) NOT NULL,
    "caller" TEXT NOT NULL,
    "callee" TEXT NOT NULL,
    "calls" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,
    "buckets" SMALLINT[],
    "counts" INTEGER[],

CONSTRAINT "service_edge_minute_pkey" PRIMARY KEY ("caller","callee","minute")
);

-- CreateTable
CREATE TABLE "span_rollup_state" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "rolled_until" TIMESTAMPTZ(3) NOT NULL,

CONSTRAINT "span_rollup_state_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "span_minute_minute_idx" ON "span_minute"("minute");

-- CreateIndex
CREATE INDEX "service_edge_minute_minute_idx" ON "service_edge_minute"("minute");

-- CreateIndex
CREATE INDEX "span_start_time_idx" ON "span" USING BRIN ("start_time");
