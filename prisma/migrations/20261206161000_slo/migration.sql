-- SLOs on the trace rollups (lib/slo). Availability may count entry spans with an HTTP status of
-- 500 or more as bad instead of those with an error status: the rollups count those too from now on
-- (rows rolled up before this migration have 0).
ALTER TABLE "span_minute" ADD COLUMN "server_errors" BIGINT NOT NULL DEFAULT 0;
ALTER TABLE "span_hour" ADD COLUMN "server_errors" BIGINT NOT NULL DEFAULT 0;

-- One row per SLO, as people wrote it (SloDefinition in lib/slo/schemas.ts). Specs from the SLO folder
-- (VIGIL_SLO_DIR) are marked by their file and are read-only elsewhere.
CREATE TABLE "slo" (
  "id"                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  "name"              TEXT NOT NULL UNIQUE,
  "service"           TEXT NOT NULL,
  "definition"        JSONB NOT NULL,
  "source_file"       TEXT,
  "created_by"        TEXT NOT NULL,
  "created_at"        TIMESTAMPTZ NOT NULL DEFAULT now(),
  "updated_at"        TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX "slo_service_idx" ON "slo" ("service");

-- The latest evaluation of each SLO: what the list and the SLO page show, at most a minute old.
CREATE TABLE "slo_status" (
  "slo_id"            BIGINT PRIMARY KEY REFERENCES "slo" ("id") ON DELETE CASCADE,
  "evaluated_at"      TIMESTAMPTZ NOT NULL,
  "data_until"        TIMESTAMPTZ NOT NULL,
  "evaluation"        JSONB NOT NULL
);

-- Each alert's state per SLO and severity, and the alerts that fired (the history).
CREATE TABLE "slo_alert_state" (
  "slo_id"            BIGINT NOT NULL REFERENCES "slo" ("id") ON DELETE CASCADE,
  "severity"          TEXT NOT NULL CHECK ("severity" IN ('page', 'ticket')),
  "state"             TEXT NOT NULL CHECK ("state" IN ('inactive', 'pending', 'firing', 'resolved')),
  "since"             TIMESTAMPTZ NOT NULL,
  "alert_id"          BIGINT,
  PRIMARY KEY ("slo_id", "severity")
);

CREATE TABLE "slo_alert" (
  "id"                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  "slo_id"            BIGINT NOT NULL REFERENCES "slo" ("id") ON DELETE CASCADE,
  "severity"          TEXT NOT NULL CHECK ("severity" IN ('page', 'ticket')),
  "pending_at"        TIMESTAMPTZ NOT NULL,
  "fired_at"          TIMESTAMPTZ NOT NULL,
  "resolved_at"       TIMESTAMPTZ,
  -- The burn rates when it fired and the windows that breached, for the history.
  "burns"             JSONB NOT NULL,
  "windows"           JSONB NOT NULL
);
CREATE INDEX "slo_alert_slo_idx" ON "slo_alert" ("slo_id", "fired_at" DESC);
