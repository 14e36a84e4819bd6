-- Anomalies on OTLP metrics (issue 19): the metrics people chose to watch, each scanned per
-- service as a series 'metric' whose scope is the metric's name.

ALTER TABLE anomaly DROP CONSTRAINT anomaly_series_check;
ALTER TABLE anomaly ADD CONSTRAINT anomaly_series_check
  CHECK (series IN ('requests', 'errors', 'latency', 'cost', 'metric'));
ALTER TABLE anomaly_sensitivity DROP CONSTRAINT anomaly_sensitivity_series_check;
ALTER TABLE anomaly_sensitivity ADD CONSTRAINT anomaly_sensitivity_series_check
  CHECK (series IN ('requests', 'errors', 'latency', 'cost', 'metric'));
ALTER TABLE runbook DROP CONSTRAINT runbook_series_check;
ALTER TABLE runbook ADD CONSTRAINT runbook_series_check
  CHECK (series <@ ARRAY['requests', 'errors', 'latency', 'cost', 'metric']);

-- A metric watched for anomalies, as the receiver names it. Its value per slot: the mean of a
-- gauge or of a histogram's observations; the increase of a sum (delta or cumulative).
CREATE TABLE anomaly_metric (
  metric      text PRIMARY KEY CHECK (length(metric) BETWEEN 1 AND 255),
  added_by    text NOT NULL,
  added_at    timestamptz(3) NOT NULL DEFAULT now()
);
