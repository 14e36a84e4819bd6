-- Which data classes the agent may send to its model (and the MCP server to other assistants):
-- one row over lib/settings/agent-settings-schema.ts' defaults.
CREATE TABLE agent_settings (
  id           integer PRIMARY KEY CHECK (id = 1),
  data_classes text[] NOT NULL CHECK (data_classes <@ ARRAY['telemetry', 'costs', 'inventory', 'findings']::text[]),
  updated_by   text NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now()
);
