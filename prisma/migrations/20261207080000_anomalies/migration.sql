-- Anomalies (issue 19): episodes found in a service's (or feature's) series, what changed before
-- them, and their triage. One open episode per series at a time; an episode ends when the series
-- has been back inside its band long enough (lib/anomalies/episodes.ts).

-- The entry spans each rollup row was built from, whatever sampling weight they carry: a rate over
-- 7 kept spans that stand for 224 requests is 7 observations' worth of evidence, not 224. Null where
-- the writer did not count them (rows written before this, hourly history a demo or import wrote).
ALTER TABLE span_minute ADD COLUMN samples bigint;
ALTER TABLE span_hour ADD COLUMN samples bigint;
ALTER TABLE span_day ADD COLUMN samples bigint;

CREATE TABLE anomaly (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  service       text NOT NULL,
  -- requests: rate; errors: error rate; latency: p95; cost: daily effective cost.
  series        text NOT NULL CHECK (series IN ('requests', 'errors', 'latency', 'cost')),
  -- The operation, or for cost the feature; '' for the whole service.
  scope         text NOT NULL DEFAULT '',
  environment   text NOT NULL DEFAULT '',
  -- The slot of the series that found it (five minutes, an hour, a day), in ms.
  step_ms       integer NOT NULL CHECK (step_ms > 0),
  started_at    timestamptz(3) NOT NULL,
  peak_at       timestamptz(3) NOT NULL,
  ended_at      timestamptz(3),
  direction     text NOT NULL CHECK (direction IN ('up', 'down')),
  severity      text NOT NULL CHECK (severity IN ('critical', 'warning')),
  peak_score    double precision NOT NULL,
  observed      double precision NOT NULL,
  expected      double precision NOT NULL,
  status        text NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'acknowledged', 'investigating', 'resolved', 'false_positive')),
  assignee      text,
  -- [{kind, rank, summary, score, ...evidence}], best first (lib/anomalies/what-changed.ts).
  changes       jsonb NOT NULL DEFAULT '[]',
  changes_at    timestamptz(3),
  -- What the channels were last told: null, 'firing' or 'resolved'.
  notified      text,
  incident_id   bigint REFERENCES delivery_incident (id) ON DELETE SET NULL,
  detected_at   timestamptz(3) NOT NULL DEFAULT now(),
  updated_at    timestamptz(3) NOT NULL DEFAULT now(),
  CHECK (ended_at IS NULL OR ended_at >= started_at)
);
CREATE UNIQUE INDEX anomaly_one_open ON anomaly (service, series, scope, environment) WHERE ended_at IS NULL;
CREATE INDEX anomaly_by_start ON anomaly (started_at DESC, id);
CREATE INDEX anomaly_by_service ON anomaly (service, started_at DESC);
CREATE INDEX anomaly_open_status ON anomaly (status) WHERE status IN ('open', 'acknowledged', 'investigating');

-- The triage history shown on the anomaly page (the audit trail keeps the same, chained).
CREATE TABLE anomaly_note (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  anomaly_id  uuid NOT NULL REFERENCES anomaly (id) ON DELETE CASCADE,
  at          timestamptz(3) NOT NULL DEFAULT now(),
  actor       text NOT NULL,
  status_from text,
  status_to   text,
  assignee    text,
  comment     text,
  trace_id    text
);
CREATE INDEX anomaly_note_by_anomaly ON anomaly_note (anomaly_id, at, id);

-- Sensitivity per service and series ('*' for every service); absent: medium.
CREATE TABLE anomaly_sensitivity (
  service     text NOT NULL,
  series      text NOT NULL CHECK (series IN ('requests', 'errors', 'latency', 'cost')),
  level       text NOT NULL CHECK (level IN ('low', 'medium', 'high', 'off')),
  updated_by  text NOT NULL,
  updated_at  timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (service, series)
);

-- How far the scan has looked: it starts a little before, so late spans are seen.
CREATE TABLE anomaly_scan_state (
  id            integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  scanned_until timestamptz(3) NOT NULL,
  detail        jsonb NOT NULL DEFAULT '{}'
);
