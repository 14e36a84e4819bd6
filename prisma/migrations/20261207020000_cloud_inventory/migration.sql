-- Cloud inventory beyond Terraform (lib/cloud-inventory): what the AWS CLI's describe commands
-- print, one row per resource. A resource is known by its kind and id within its account and
-- region (an RDS identifier is only unique there); NULL account or region means the output did
-- not say and no query parameter did either.
CREATE TABLE "cloud_resource" (
  "id"            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  "provider"      TEXT NOT NULL CHECK ("provider" IN ('aws')),
  "kind"          TEXT NOT NULL CHECK ("kind" IN ('ec2-instance', 'ebs-volume', 'elastic-ip', 'ebs-snapshot', 'load-balancer', 'rds-instance')),
  "resource_id"   TEXT NOT NULL,
  "arn"           TEXT,
  "account"       TEXT,
  "region"        TEXT,
  "name"          TEXT,
  "state"         TEXT,
  -- When the resource entered its state: from the output when it says (StateTransitionReason),
  -- else the import that first saw the new state; NULL when neither is known.
  "state_since"   TIMESTAMPTZ,
  -- Launch, create or start time as the output gives it.
  "created_at"    TIMESTAMPTZ,
  "tags"          JSONB NOT NULL DEFAULT '{}',
  -- Kind-specific facts the zombie rules read (CloudResourceFacts in lib/cloud-inventory/schemas.ts).
  "facts"         JSONB NOT NULL DEFAULT '{}',
  "first_seen"    TIMESTAMPTZ NOT NULL,
  "last_seen"     TIMESTAMPTZ NOT NULL,
  -- Set when an import of the resource's kind and scope no longer lists it; cleared if it returns.
  "gone_at"       TIMESTAMPTZ
);
CREATE UNIQUE INDEX "cloud_resource_key" ON "cloud_resource" ("provider", "kind", "account", "region", "resource_id") NULLS NOT DISTINCT;
CREATE INDEX "cloud_resource_resource_id_idx" ON "cloud_resource" ("resource_id");
CREATE INDEX "cloud_resource_arn_idx" ON "cloud_resource" ("arn");
CREATE INDEX "cloud_resource_kind_idx" ON "cloud_resource" ("kind", "id");

-- One row per accepted import of a describe or get-metric-statistics output.
CREATE TABLE "cloud_inventory_import" (
  "id"            UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  "provider"      TEXT NOT NULL,
  "command"       TEXT NOT NULL,
  "region"        TEXT,
  "account"       TEXT,
  "count"         INTEGER NOT NULL,
  -- Added, changed and gone resources, or the metric and period of a CloudWatch import.
  "detail"        JSONB NOT NULL DEFAULT '{}',
  "imported_by"   TEXT NOT NULL,
  "imported_at"   TIMESTAMPTZ NOT NULL
);
CREATE INDEX "cloud_inventory_import_at_idx" ON "cloud_inventory_import" ("imported_at" DESC);

-- CloudWatch GetMetricStatistics datapoints for one dimension, as the CLI prints them. A datapoint
-- is known by its metric, dimension, period and timestamp; a later import of other statistics for
-- it fills in the ones it lacked.
CREATE TABLE "cloudwatch_datapoint" (
  "namespace"       TEXT NOT NULL,
  "metric"          TEXT NOT NULL,
  "dimension_name"  TEXT NOT NULL,
  "dimension_value" TEXT NOT NULL,
  "timestamp"       TIMESTAMPTZ NOT NULL,
  "period"          INTEGER NOT NULL CHECK ("period" > 0),
  "average"         DOUBLE PRECISION,
  "sum"             DOUBLE PRECISION,
  "minimum"         DOUBLE PRECISION,
  "maximum"         DOUBLE PRECISION,
  "sample_count"    DOUBLE PRECISION,
  "unit"            TEXT,
  PRIMARY KEY ("namespace", "metric", "dimension_name", "dimension_value", "period", "timestamp")
);
CREATE INDEX "cloudwatch_datapoint_time_idx" ON "cloudwatch_datapoint" ("namespace", "metric", "timestamp");
