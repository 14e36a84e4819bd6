-- Drift (issue 18): what changed outside Terraform, per workspace and resource address, from
-- `terraform show -json`, `terraform plan -json` and driftctl files. Written and read with SQL
-- (lib/drift), not Prisma.

CREATE TABLE drift_import (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace     text NOT NULL,
  format        text NOT NULL CHECK (format IN ('terraform-show', 'terraform-plan-jsonl', 'driftctl')),
  name          text NOT NULL,
  -- SHA-256 of the file: the same file sent again as the workspace's latest import changes nothing.
  content_hash  text NOT NULL,
  tool_version  text,
  detected_at   timestamptz(3) NOT NULL,
  drifted       integer NOT NULL,
  unmanaged     integer NOT NULL,
  missing       integer NOT NULL,
  planned       integer NOT NULL,
  resolved      integer NOT NULL,
  summary       jsonb NOT NULL DEFAULT '{}',
  imported_by   text NOT NULL,
  imported_at   timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX drift_import_workspace_idx ON drift_import (workspace, format, imported_at DESC);

CREATE TABLE drift_record (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace       text NOT NULL,
  address         text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('changed', 'missing', 'unmanaged')),
  resource_type   text,
  provider        text,
  cloud_id        text,
  changes         jsonb NOT NULL DEFAULT '[]',
  actions         jsonb NOT NULL DEFAULT '[]',
  cause           text NOT NULL CHECK (cause IN ('manual-change', 'unapplied-code', 'provider-version', 'unknown')),
  cause_evidence  jsonb NOT NULL DEFAULT '{}',
  -- Effective cost before and after from the bill, and a changed size or class called out.
  cost_impact     jsonb,
  -- Filled by the policy engine (lib/policy): the rules the drifted values now break. Null until then.
  policy_impact   jsonb,
  first_seen_at   timestamptz(3) NOT NULL,
  last_seen_at    timestamptz(3) NOT NULL,
  resolved_at     timestamptz(3),
  first_import_id uuid NOT NULL REFERENCES drift_import (id),
  last_import_id  uuid NOT NULL REFERENCES drift_import (id),
  updated_at      timestamptz(3) NOT NULL DEFAULT now()
);
-- One open record per resource and kind in a workspace; a resolved one stays as history.
CREATE UNIQUE INDEX drift_record_open_idx ON drift_record (workspace, address, kind) WHERE resolved_at IS NULL;
CREATE INDEX drift_record_list_idx ON drift_record (last_seen_at DESC, id);

-- Changes the plan would make (code not yet applied), open until a later plan no longer has them.
CREATE TABLE drift_planned (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace       text NOT NULL,
  address         text NOT NULL,
  resource_type   text,
  actions         jsonb NOT NULL,
  replace         boolean NOT NULL,
  reason          text,
  changes         jsonb NOT NULL DEFAULT '[]',
  first_seen_at   timestamptz(3) NOT NULL,
  last_seen_at    timestamptz(3) NOT NULL,
  resolved_at     timestamptz(3),
  last_import_id  uuid NOT NULL REFERENCES drift_import (id)
);
CREATE UNIQUE INDEX drift_planned_open_idx ON drift_planned (workspace, address) WHERE resolved_at IS NULL;

-- The timeline: per resource (workspace, address) and per workspace.
CREATE TABLE drift_event (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace   text NOT NULL,
  address     text NOT NULL,
  drift_id    uuid REFERENCES drift_record (id) ON DELETE CASCADE,
  import_id   uuid NOT NULL REFERENCES drift_import (id),
  at          timestamptz(3) NOT NULL,
  event       text NOT NULL CHECK (event IN ('detected', 'changed', 'resolved', 'planned', 'applied')),
  kind        text,
  changes     jsonb NOT NULL DEFAULT '[]'
);
CREATE INDEX drift_event_resource_idx ON drift_event (workspace, address, at, id);
CREATE INDEX drift_event_workspace_idx ON drift_event (workspace, at, id);
