-- Policy as code (lib/policy): rule switches, the attributes of imported states' resources the
-- rules read, findings from Vigil's rules and from imported scanners with their history and
-- waivers, and a daily pass/fail snapshot per control and environment for the trend.

CREATE TABLE policy_rule_setting (
  rule_id     text PRIMARY KEY,
  enabled     boolean NOT NULL,
  updated_by  text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE policy_state_resource (
  state_id    uuid NOT NULL REFERENCES terraform_state (id) ON DELETE CASCADE,
  address     text NOT NULL,
  type        text NOT NULL,
  attributes  jsonb NOT NULL,
  PRIMARY KEY (state_id, address)
);

CREATE TABLE policy_finding (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Where it was found: state:<id> for Vigil's rules over a state, <tool>:<file name> for imports.
  source_key     text NOT NULL,
  source         text NOT NULL,
  tool           text NOT NULL CHECK (tool IN ('vigil', 'checkov', 'tfsec', 'trivy', 'conftest')),
  rule_id        text NOT NULL,
  title          text NOT NULL,
  severity       text NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low', 'info')),
  address        text NOT NULL,
  resource_type  text NOT NULL DEFAULT '',
  environment    text NOT NULL DEFAULT '',
  file           text,
  line_start     integer,
  line_end       integer,
  message        text NOT NULL,
  remediation    text NOT NULL DEFAULT '',
  controls       jsonb NOT NULL DEFAULT '[]',
  evidence       jsonb NOT NULL DEFAULT '{}',
  status         text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved', 'waived')),
  first_seen_at  timestamptz NOT NULL,
  last_seen_at   timestamptz NOT NULL,
  resolved_at    timestamptz,
  waiver_reason  text,
  waiver_until   timestamptz,
  waived_by      text,
  waived_at      timestamptz,
  UNIQUE (source_key, rule_id, address)
);
CREATE INDEX policy_finding_status ON policy_finding (status, severity, id);
CREATE INDEX policy_finding_waiver ON policy_finding (waiver_until) WHERE status = 'waived';

CREATE TABLE policy_finding_event (
  id          bigserial PRIMARY KEY,
  finding_id  uuid NOT NULL REFERENCES policy_finding (id) ON DELETE CASCADE,
  at          timestamptz NOT NULL DEFAULT now(),
  actor       text NOT NULL,
  action      text NOT NULL CHECK (action IN ('found', 'resolved', 'reopened', 'waived', 'waiver_expired')),
  detail      jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX policy_finding_event_finding ON policy_finding_event (finding_id, at);

-- Resources each rule checked in a state, per environment: a control's passes are checks less failures.
CREATE TABLE policy_check (
  state_id     uuid NOT NULL REFERENCES terraform_state (id) ON DELETE CASCADE,
  rule_id      text NOT NULL,
  environment  text NOT NULL,
  checked      integer NOT NULL,
  PRIMARY KEY (state_id, rule_id, environment)
);

CREATE TABLE policy_control_day (
  day          date NOT NULL,
  control      text NOT NULL,
  environment  text NOT NULL,
  passed       integer NOT NULL,
  failed       integer NOT NULL,
  PRIMARY KEY (day, control, environment)
);
