-- Runbook runs for SLO alerts (issue 19): a run answers either an anomaly or one alert of an SLO,
-- never both and never neither. Runs stay with their SLO while it exists, like an anomaly's.
ALTER TABLE runbook_run ALTER COLUMN anomaly_id DROP NOT NULL;
ALTER TABLE runbook_run ADD COLUMN slo_id bigint REFERENCES slo (id) ON DELETE CASCADE;
ALTER TABLE runbook_run ADD COLUMN slo_alert_id bigint REFERENCES slo_alert (id) ON DELETE CASCADE;
ALTER TABLE runbook_run ADD CONSTRAINT runbook_run_answers_one CHECK (
  (anomaly_id IS NOT NULL AND slo_id IS NULL AND slo_alert_id IS NULL)
  OR (anomaly_id IS NULL AND slo_id IS NOT NULL AND slo_alert_id IS NOT NULL)
);
CREATE INDEX runbook_run_by_slo ON runbook_run (slo_id, proposed_at DESC, id) WHERE slo_id IS NOT NULL;
-- As for anomalies: one proposal waiting per runbook and alert, and one automatic run ever.
CREATE UNIQUE INDEX runbook_run_one_waiting_slo ON runbook_run (runbook_id, slo_alert_id)
  WHERE state = 'awaiting_approval' AND slo_alert_id IS NOT NULL;
CREATE UNIQUE INDEX runbook_run_one_auto_slo ON runbook_run (runbook_id, slo_alert_id)
  WHERE auto AND slo_alert_id IS NOT NULL;
-- The sweep for runs a stopped worker left running (lib/runbooks/fail-stuck-runs.ts).
CREATE INDEX runbook_run_running ON runbook_run (decided_at) WHERE state = 'running';
