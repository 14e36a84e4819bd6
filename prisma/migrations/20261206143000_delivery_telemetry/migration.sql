-- Deployments detected from telemetry: each (service, environment, version) seen on spans, when its
-- first span started and the deployment recorded for it (NULL for a service's first version, which
-- was running before Vigil watched, and for versions a webhook already reported). seen_until is how
-- far span_resource.first_seen_at has been read.
CREATE TABLE "delivery_seen_version" (
  "service"       TEXT NOT NULL,
  "environment"   TEXT NOT NULL,
  "version"       TEXT NOT NULL,
  "first_span_at" TIMESTAMPTZ(3) NOT NULL,
  "deployment_id" BIGINT REFERENCES "delivery_deployment" ("id") ON DELETE SET NULL,
  PRIMARY KEY ("service", "environment", "version")
);

CREATE TABLE "delivery_telemetry_state" (
  "id"         INTEGER PRIMARY KEY DEFAULT 1 CHECK ("id" = 1),
  "seen_until" TIMESTAMPTZ(3) NOT NULL
);

CREATE INDEX "span_resource_first_seen_idx" ON "span_resource" ("first_seen_at");
