-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "service" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "team" TEXT NOT NULL,
    "tier" TEXT NOT NULL DEFAULT 'standard',
    "description" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "service_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "feature" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "team" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "feature_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cost_line" (
    "id" SERIAL NOT NULL,
    "source" TEXT NOT NULL,
    "provider_name" TEXT NOT NULL,
    "billing_account_id" TEXT NOT NULL,
    "sub_account_id" TEXT,
    "charge_category" TEXT NOT NULL,
    "charge_period_start" TIMESTAMPTZ(3) NOT NULL,
    "charge_period_end" TIMESTAMPTZ(3) NOT NULL,
    "billing_currency" CHAR(3) NOT NULL,
    "billed_cost" DECIMAL(24,10) NOT NULL,
    "effective_cost" DECIMAL(24,10) NOT NULL,
    "list_cost" DECIMAL(24,10) NOT NULL,
    "service_name" TEXT NOT NULL,
    "service_category" TEXT,
    "region_id" TEXT,
    "resource_id" TEXT,
    "resource_name" TEXT,
    "resource_type" TEXT,
    "tags" JSONB NOT NULL DEFAULT '{}',
    "extras" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cost_line_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "daily_spend" (
    "day" DATE NOT NULL,
    "service" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "provider_name" TEXT NOT NULL,
    "billed_cost" DECIMAL(24,10) NOT NULL,
    "effective_cost" DECIMAL(24,10) NOT NULL,
    "line_count" INTEGER NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "daily_spend_pkey" PRIMARY KEY ("day","service","environment","provider_name")
);

-- CreateIndex
CREATE UNIQUE INDEX "service_name_key" ON "service"("name");

-- CreateIndex
CREATE UNIQUE INDEX "feature_key_key" ON "feature"("key");

-- CreateIndex
CREATE INDEX "cost_line_charge_period_start_idx" ON "cost_line"("charge_period_start");

-- CreateIndex
CREATE INDEX "cost_line_source_idx" ON "cost_line"("source");

-- CreateIndex
CREATE INDEX "daily_spend_service_day_idx" ON "daily_spend"("service", "day");

