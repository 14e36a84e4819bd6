-- OTLP metrics: one row per series (metric, resource and attribute set) and one row per series,
-- UTC minute and start time of its points, the points of a minute merged exactly.

CREATE TABLE metric_series (
  id bigserial PRIMARY KEY,
  -- sha256 of what makes the series: metric, unit, kind, temporality, monotonic, resource and
  -- point attributes, histogram bounds.
  hash bytea NOT NULL UNIQUE,
  metric text NOT NULL,
  unit text NOT NULL DEFAULT '',
  -- gauge, sum, histogram, exponential_histogram, summary
  kind text NOT NULL,
  -- delta or cumulative; NULL for gauges
  temporality text,
  monotonic boolean NOT NULL DEFAULT false,
  resource_id text NOT NULL,
  service_name text,
  resource_attributes jsonb NOT NULL DEFAULT '{}',
  attributes jsonb NOT NULL DEFAULT '{}',
  bounds double precision[],
  last_seen timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX metric_series_metric_resource ON metric_series (metric, resource_id);

CREATE TABLE metric_point (
  series_id bigint NOT NULL REFERENCES metric_series (id),
  minute timestamptz NOT NULL,
  -- start_time_unix_nano of cumulative points (a new one is a reset); 0 for gauges and deltas
  start_ns bigint NOT NULL DEFAULT 0,
  points integer NOT NULL,
  -- observations: one per gauge or sum point; a delta histogram's count; 0 for cumulative ones
  count double precision NOT NULL,
  sum double precision NOT NULL,
  min double precision,
  max double precision,
  -- the earliest and latest point of the minute: the value (a histogram's count) and a
  -- histogram's sum, for increases across minutes and resets
  first_ns bigint NOT NULL,
  first_value double precision NOT NULL,
  first_sum double precision,
  last_ns bigint NOT NULL,
  last_value double precision NOT NULL,
  last_sum double precision,
  -- explicit-bucket counts: summed for delta histograms, the latest for cumulative ones
  buckets double precision[],
  PRIMARY KEY (series_id, minute, start_ns)
);

-- Retention deletes by minute, oldest first.
CREATE INDEX metric_point_minute ON metric_point USING brin (minute);
