-- Forecast settings over lib/forecasts/forecast-settings-schema.ts' defaults: one row.
CREATE TABLE forecast_settings (
  id                      integer PRIMARY KEY CHECK (id = 1),
  capacity_margin_percent integer NOT NULL CHECK (capacity_margin_percent BETWEEN 0 AND 1000),
  updated_by              text NOT NULL,
  updated_at              timestamptz NOT NULL DEFAULT now()
);

-- Capacity notices sent, one per service, environment and day (the worker's deduplication).
CREATE TABLE forecast_capacity_notice (
  service     text NOT NULL,
  environment text NOT NULL,
  day         date NOT NULL,
  notified_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (service, environment, day)
);
