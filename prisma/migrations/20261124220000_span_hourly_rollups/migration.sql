-- Hourly sums of the per-minute rollups, for views over days.

-- CreateTable
CREATE TABLE "span_hour" (
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "service" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "environment" TEXT NOT NULL DEFAULT '',
    "requests" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,
    "buckets" SMALLINT[],
    "counts" INTEGER[],

CONSTRAINT "span_hour_pkey" PRIMARY KEY ("service","hour","operation","environment")
);

-- CreateTable
CREATE TABLE "service_edge_hour" (
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "caller" TEXT NOT NULL,
    "callee" TEXT NOT NULL,
    "calls" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,
    "buckets" SMALLINT[],
    "counts" INTEGER[],

CONSTRAINT "service_edge_hour_pkey" PRIMARY KEY ("caller","callee","hour")
);

-- CreateIndex
CREATE INDEX "span_hour_hour_idx" ON "span_hour"("hour");

-- CreateIndex
CREATE INDEX "service_edge_hour_hour_idx" ON "service_edge_hour"("hour");
