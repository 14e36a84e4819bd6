-- Runbooks (issue 19): a named outgoing HTTP call to the team's own automation, with a templated
-- JSON body, attached to anomaly series and SLO alerts of given services; and its runs, each
-- proposed, approved or rejected by a person (or started by the system where an admin allowed it).

CREATE TABLE runbook (
  id              uuid PRIMARY KEY,
  name            text NOT NULL UNIQUE,
  description     text NOT NULL DEFAULT '',
  method          text NOT NULL CHECK (method IN ('POST', 'PUT')),
  url             text NOT NULL,
  -- [{name, value}] sent as they are, shown to readers.
  headers         jsonb NOT NULL DEFAULT '[]',
  -- [{name, box}]: each value sealed with AES-256-GCM (lib/runbooks/secret-box.ts), never shown again.
  secret_headers  jsonb NOT NULL DEFAULT '[]',
  body_template   text NOT NULL,
  -- Anomaly series it answers; empty with slo_alerts: only SLO alerts.
  series          text[] NOT NULL DEFAULT '{}'
                  CHECK (series <@ ARRAY['requests', 'errors', 'latency', 'cost']),
  slo_alerts      boolean NOT NULL DEFAULT false,
  -- Empty: every service, every environment.
  services        text[] NOT NULL DEFAULT '{}',
  environments    text[] NOT NULL DEFAULT '{}',
  -- Runs without approval; only for listed (non-production) environments, checked again at run time.
  auto_run        boolean NOT NULL DEFAULT false CHECK (NOT auto_run OR cardinality(environments) > 0),
  -- Raised by each update: a run proposed against an older version is not sent.
  version         integer NOT NULL DEFAULT 1,
  created_by      text NOT NULL,
  created_at      timestamptz(3) NOT NULL DEFAULT now(),
  updated_by      text NOT NULL,
  updated_at      timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX runbook_by_name ON runbook (name, id);

CREATE TABLE runbook_run (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Runs outlive their runbook (they are the record of what was sent): the name stays.
  runbook_id       uuid REFERENCES runbook (id) ON DELETE SET NULL,
  runbook_name     text NOT NULL,
  runbook_version  integer NOT NULL,
  anomaly_id       uuid NOT NULL REFERENCES anomaly (id) ON DELETE CASCADE,
  environment      text NOT NULL,
  state            text NOT NULL
                   CHECK (state IN ('awaiting_approval', 'running', 'succeeded', 'failed', 'rejected')),
  -- The exact request, secret header values redacted: {method, url, headers: [{name, value}], body}.
  request          jsonb NOT NULL,
  auto             boolean NOT NULL DEFAULT false,
  proposed_by      text NOT NULL,
  proposed_by_id   text NOT NULL,
  proposed_at      timestamptz(3) NOT NULL DEFAULT now(),
  decided_by       text,
  decided_at       timestamptz(3),
  reason           text,
  status_code      integer,
  response         text,
  duration_ms      integer,
  error            text,
  finished_at      timestamptz(3)
);
CREATE INDEX runbook_run_by_anomaly ON runbook_run (anomaly_id, proposed_at DESC, id);
CREATE INDEX runbook_run_by_runbook ON runbook_run (runbook_id, proposed_at DESC, id);
-- One proposal waiting per runbook and anomaly, and one automatic run ever.
CREATE UNIQUE INDEX runbook_run_one_waiting ON runbook_run (runbook_id, anomaly_id) WHERE state = 'awaiting_approval';
CREATE UNIQUE INDEX runbook_run_one_auto ON runbook_run (runbook_id, anomaly_id) WHERE auto;
