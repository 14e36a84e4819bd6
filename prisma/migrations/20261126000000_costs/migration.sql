-- Costs: billing imports (a file lands whole or not at all; a newer import of the same provider,
-- billing account and billing period replaces the older one's lines), more FOCUS columns on
-- cost_line, the Terraform inventory, per-feature request telemetry and the cost allocation.
-- Money goes to numeric(38,18): exports carry more than 10 decimal places (the FOCUS sample has 11).

ALTER TABLE "cost_line"
    ALTER COLUMN "id" SET DATA TYPE BIGINT,
    ALTER COLUMN "billed_cost" SET DATA TYPE DECIMAL(38,18),
    ALTER COLUMN "effective_cost" SET DATA TYPE DECIMAL(38,18),
    ALTER COLUMN "list_cost" SET DATA TYPE DECIMAL(38,18),
    ADD COLUMN "import_id" UUID,
    ADD COLUMN "billing_account_name" TEXT,
    ADD COLUMN "sub_account_name" TEXT,
    ADD COLUMN "billing_period_start" TIMESTAMPTZ(3),
    ADD COLUMN "billing_period_end" TIMESTAMPTZ(3),
    ADD COLUMN "charge_class" TEXT,
    ADD COLUMN "charge_description" TEXT,
    ADD COLUMN "contracted_cost" DECIMAL(38,18),
    ADD COLUMN "pricing_quantity" DECIMAL(38,18),
    ADD COLUMN "pricing_unit" TEXT,
    ADD COLUMN "consumed_quantity" DECIMAL(38,18),
    ADD COLUMN "consumed_unit" TEXT,
    ADD COLUMN "sku_id" TEXT,
    ADD COLUMN "invoice_id" TEXT,
    ADD COLUMN "commitment_discount_id" TEXT,
    ADD COLUMN "commitment_discount_name" TEXT,
    ADD COLUMN "commitment_discount_category" TEXT,
    ADD COLUMN "commitment_discount_type" TEXT,
    ADD COLUMN "commitment_discount_status" TEXT,
    ADD COLUMN "commitment_discount_quantity" DECIMAL(38,18),
    ADD COLUMN "commitment_discount_unit" TEXT;
ALTER SEQUENCE "cost_line_id_seq" AS BIGINT;

-- Every index costs each imported row: time ranges are served by a BRIN index (imports arrive
-- roughly in time order), replacement by (provider, account, period), totals by import_id.
DROP INDEX "cost_line_charge_period_start_idx";
CREATE INDEX "cost_line_charge_period_start_idx" ON "cost_line" USING BRIN ("charge_period_start");
DROP INDEX "cost_line_source_idx";

-- Lines stored before this migration: their billing period is the calendar month they fall in.
UPDATE "cost_line" SET "billing_period_start" = date_trunc('month', "charge_period_start" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',
                       "billing_period_end" = (date_trunc('month', "charge_period_start" AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC';

ALTER TABLE "daily_spend"
    ALTER COLUMN "billed_cost" SET DATA TYPE DECIMAL(38,18),
    ALTER COLUMN "effective_cost" SET DATA TYPE DECIMAL(38,18);

-- CreateTable
CREATE TABLE "billing_import" (
    "id" UUID NOT NULL,
    "format" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "via" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "rows" INTEGER NOT NULL DEFAULT 0,
    "bytes" BIGINT NOT NULL DEFAULT 0,
    "sha256" TEXT,
    "billed_cost" DECIMAL(38,18),
    "effective_cost" DECIMAL(38,18),
    "period_start" TIMESTAMPTZ(3),
    "period_end" TIMESTAMPTZ(3),
    "providers" TEXT[],
    "replaced_rows" INTEGER NOT NULL DEFAULT 0,
    "replaced_by" UUID,
    "error" JSONB,
    "duration_ms" INTEGER,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "billing_import_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "terraform_state" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "lineage" TEXT NOT NULL,
    "serial" INTEGER NOT NULL,
    "terraform_version" TEXT,
    "resources" INTEGER NOT NULL,
    "imported_by" TEXT NOT NULL,
    "imported_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "terraform_state_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inventory_resource" (
    "id" BIGSERIAL NOT NULL,
    "state_id" UUID NOT NULL,
    "address" TEXT NOT NULL,
    "module" TEXT,
    "type" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "cloud_id" TEXT,
    "arn" TEXT,
    "tags" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "inventory_resource_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "feature_usage_minute" (
    "minute" TIMESTAMPTZ(3) NOT NULL,
    "service" TEXT NOT NULL,
    "feature" TEXT NOT NULL,
    "environment" TEXT NOT NULL DEFAULT '',
    "requests" INTEGER NOT NULL,
    "duration_ns" BIGINT NOT NULL,

    CONSTRAINT "feature_usage_minute_pkey" PRIMARY KEY ("service","minute","feature","environment")
);

-- CreateTable
CREATE TABLE "cost_allocation" (
    "id" BIGSERIAL NOT NULL,
    "day" DATE NOT NULL,
    "provider_name" TEXT NOT NULL,
    "service_name" TEXT NOT NULL,
    "resource_id" TEXT NOT NULL,
    "feature" TEXT NOT NULL,
    "team" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "app_service" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "billed_cost" DECIMAL(38,18) NOT NULL,
    "effective_cost" DECIMAL(38,18) NOT NULL,
    "weight" JSONB,
    "computed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "cost_allocation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "cost_line_import_id_idx" ON "cost_line"("import_id");

-- CreateIndex
CREATE INDEX "cost_line_provider_name_billing_account_id_billing_period_s_idx" ON "cost_line"("provider_name", "billing_account_id", "billing_period_start");

-- CreateIndex
CREATE INDEX "billing_import_created_at_idx" ON "billing_import"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "terraform_state_lineage_key" ON "terraform_state"("lineage");

-- CreateIndex
CREATE INDEX "inventory_resource_cloud_id_idx" ON "inventory_resource"("cloud_id");

-- CreateIndex
CREATE INDEX "inventory_resource_arn_idx" ON "inventory_resource"("arn");

-- CreateIndex
CREATE UNIQUE INDEX "inventory_resource_state_id_address_key" ON "inventory_resource"("state_id", "address");

-- CreateIndex
CREATE INDEX "feature_usage_minute_minute_idx" ON "feature_usage_minute"("minute");

-- CreateIndex
CREATE INDEX "cost_allocation_day_idx" ON "cost_allocation"("day");

-- CreateIndex
CREATE INDEX "cost_allocation_feature_day_idx" ON "cost_allocation"("feature", "day");

-- cost_line.import_id has no foreign key: checking one costs about 5 µs per imported row (a
-- quarter of the import), and the only writer inserts the import before its lines, in one transaction.

-- AddForeignKey
ALTER TABLE "inventory_resource" ADD CONSTRAINT "inventory_resource_state_id_fkey" FOREIGN KEY ("state_id") REFERENCES "terraform_state"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateTable
CREATE TABLE "budget" (
    "id" UUID NOT NULL,
    "scope" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "monthly_amount" DECIMAL(38,18) NOT NULL,
    "metric" TEXT NOT NULL DEFAULT 'effective',
    "threshold_percent" INTEGER NOT NULL DEFAULT 80,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "budget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cost_alert" (
    "id" UUID NOT NULL,
    "budget_id" UUID NOT NULL,
    "month" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "spent" DECIMAL(38,18) NOT NULL,
    "projected" DECIMAL(38,18) NOT NULL,
    "budget_amount" DECIMAL(38,18) NOT NULL,
    "message" TEXT NOT NULL,
    "raised_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cost_alert_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "budget_scope_key_key" ON "budget"("scope", "key");

-- CreateIndex
CREATE INDEX "cost_alert_raised_at_idx" ON "cost_alert"("raised_at");

-- CreateIndex
CREATE UNIQUE INDEX "cost_alert_budget_id_month_kind_key" ON "cost_alert"("budget_id", "month", "kind");

-- AddForeignKey
ALTER TABLE "cost_alert" ADD CONSTRAINT "cost_alert_budget_id_fkey" FOREIGN KEY ("budget_id") REFERENCES "budget"("id") ON DELETE CASCADE ON UPDATE CASCADE;
