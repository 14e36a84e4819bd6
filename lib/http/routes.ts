import type { Permission } from "../context";
import { AGENT_ROUTES } from "./routes-agent";
import { ANOMALY_ROUTES } from "./routes-anomalies";
import { FORECAST_ROUTES } from "./routes-forecasts";

/**
 * Every page and API route Vigil serves, with the permission it needs. The access-matrix test
 * reads this table: it fails when a file under app/ has no entry here, and it calls every entry as
 * every role, with no session and with API keys, expecting exactly the status this table implies.
 *
 * `public`: anyone; `signed-in`: any person or key; otherwise a Permission from lib/context.ts.
 */
type Access = Permission | "public" | "signed-in";

/** The cost filters the summary and the breakdown export both take. */
const COST_FILTER_PARAMS = ["provider", "service", "feature", "team", "env", "resource", "appService"];

export interface RouteEntry {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** Route as in app/, without groups: /api/v1/users/[id]. */
  route: string;
  kind: "page" | "api";
  access: Access;
  /** The query parameters the route reads; the parameter walk sends each of them hostile values. */
  query?: readonly string[];
}

export const ROUTES: readonly RouteEntry[] = [
  // Pages.
  { method: "GET", route: "/sign-in", kind: "page", access: "public" },
  { method: "GET", route: "/", kind: "page", access: "read" },
  { method: "GET", route: "/services", kind: "page", access: "read" },
  { method: "GET", route: "/services/[service]", kind: "page", access: "read" },
  { method: "GET", route: "/service-map", kind: "page", access: "read" },
  { method: "GET", route: "/slos", kind: "page", access: "read", query: ["service", "cursor"] },
  { method: "GET", route: "/slos/new", kind: "page", access: "services:manage" },
  { method: "GET", route: "/slos/[id]", kind: "page", access: "read" },
  { method: "GET", route: "/traces", kind: "page", access: "read" },
  { method: "GET", route: "/traces/[traceId]", kind: "page", access: "read" },
  { method: "GET", route: "/costs", kind: "page", access: "read" },
  { method: "GET", route: "/costs/imports", kind: "page", access: "read" },
  { method: "GET", route: "/costs/budgets", kind: "page", access: "read" },
  { method: "GET", route: "/costs/inventory", kind: "page", access: "read" },
  { method: "GET", route: "/costs/features/[feature]", kind: "page", access: "read" },
  { method: "GET", route: "/delivery", kind: "page", access: "read" },
  {
    method: "GET",
    route: "/zombies",
    kind: "page",
    access: "read",
    query: ["rule", "status", "team", "environment", "q", "sort", "groups", "cursor"],
  },
  { method: "GET", route: "/zombies/queue", kind: "page", access: "read", query: ["team"] },
  { method: "GET", route: "/zombies/plans", kind: "page", access: "read", query: ["cursor"] },
  { method: "GET", route: "/zombies/offhours", kind: "page", access: "read", query: ["cursor"] },
  { method: "GET", route: "/zombies/[id]", kind: "page", access: "read" },
  {
    method: "GET",
    route: "/drift",
    kind: "page",
    access: "read",
    query: ["status", "workspace", "kind", "cause", "cursor"],
  },
  { method: "GET", route: "/drift/[id]", kind: "page", access: "read" },
  {
    method: "GET",
    route: "/anomalies",
    kind: "page",
    access: "read",
    query: ["status", "service", "series", "cursor"],
  },
  { method: "GET", route: "/anomalies/[id]", kind: "page", access: "read" },
  {
    method: "GET",
    route: "/compliance",
    kind: "page",
    access: "read",
    query: ["status", "severity", "tool", "cursor"],
  },
  { method: "GET", route: "/compliance/report", kind: "page", access: "read" },
  { method: "GET", route: "/audit", kind: "page", access: "audit:read" },
  { method: "GET", route: "/access", kind: "page", access: "users:manage" },
  { method: "GET", route: "/settings", kind: "page", access: "settings:read" },
  { method: "GET", route: "/account", kind: "page", access: "signed-in" },
  { method: "GET", route: "/[area]", kind: "page", access: "read" },

  // Sign-in and health.
  { method: "GET", route: "/api/health", kind: "api", access: "public" },
  { method: "GET", route: "/api/auth/[...all]", kind: "api", access: "public" },
  { method: "POST", route: "/api/auth/[...all]", kind: "api", access: "public" },
  { method: "POST", route: "/api/demo/sign-in", kind: "api", access: "public" },

  // /api/v1.
  { method: "GET", route: "/api/v1/me", kind: "api", access: "signed-in" },
  { method: "GET", route: "/api/v1/overview", kind: "api", access: "read", query: ["days"] },
  { method: "GET", route: "/api/v1/services", kind: "api", access: "read", query: ["from", "to", "points"] },
  { method: "GET", route: "/api/v1/dora", kind: "api", access: "read", query: ["from", "to", "service", "team"] },
  {
    method: "GET",
    route: "/api/v1/traces",
    kind: "api",
    access: "read",
    query: [
      "service",
      "operation",
      "status",
      "minDurationMs",
      "maxDurationMs",
      "from",
      "to",
      "attr",
      "limit",
      "cursor",
    ],
  },
  { method: "GET", route: "/api/v1/traces/[traceId]", kind: "api", access: "read" },
  {
    method: "GET",
    route: "/api/v1/audit",
    kind: "api",
    access: "audit:read",
    query: ["actor", "action", "target", "from", "to", "limit", "before"],
  },
  {
    method: "GET",
    route: "/api/v1/audit/export",
    kind: "api",
    access: "audit:read",
    query: ["actor", "action", "target", "from", "to"],
  },
  { method: "POST", route: "/api/v1/audit/verify", kind: "api", access: "audit:read" },
  { method: "GET", route: "/api/v1/users", kind: "api", access: "users:manage", query: ["limit", "after"] },
  { method: "POST", route: "/api/v1/users", kind: "api", access: "users:manage" },
  { method: "PATCH", route: "/api/v1/users/[id]", kind: "api", access: "users:manage" },
  { method: "GET", route: "/api/v1/billing/imports", kind: "api", access: "read", query: ["limit", "after"] },
  { method: "GET", route: "/api/v1/budgets", kind: "api", access: "read" },
  { method: "POST", route: "/api/v1/budgets", kind: "api", access: "costs:manage" },
  { method: "DELETE", route: "/api/v1/budgets/[id]", kind: "api", access: "costs:manage" },
  { method: "GET", route: "/api/v1/cost-alerts", kind: "api", access: "read", query: ["limit", "before"] },
  {
    method: "GET",
    route: "/api/v1/costs/summary",
    kind: "api",
    access: "read",
    query: ["from", "to", "groupBy", "metric", "limit", "offset", ...COST_FILTER_PARAMS],
  },
  {
    method: "GET",
    route: "/api/v1/costs/breakdown",
    kind: "api",
    access: "read",
    query: ["from", "to", "groupBy", "metric", "expand", "page", ...COST_FILTER_PARAMS],
  },
  {
    method: "POST",
    route: "/api/v1/billing/imports",
    kind: "api",
    access: "ingest:billing",
    query: ["format", "dataset", "name"],
  },
  { method: "POST", route: "/api/v1/inventory/terraform-state", kind: "api", access: "ingest:iac", query: ["name"] },
  { method: "POST", route: "/api/v1/policy/evaluate", kind: "api", access: "ingest:iac", query: ["name"] },
  {
    method: "GET",
    route: "/api/v1/policy/findings",
    kind: "api",
    access: "read",
    query: ["status", "severity", "tool", "environment", "limit", "cursor"],
  },
  { method: "POST", route: "/api/v1/policy/findings/[id]/waiver", kind: "api", access: "costs:manage" },
  { method: "GET", route: "/api/v1/policy/rules", kind: "api", access: "read" },
  { method: "PATCH", route: "/api/v1/policy/rules/[id]", kind: "api", access: "settings:manage" },
  { method: "POST", route: "/api/v1/policy/imports", kind: "api", access: "ingest:iac", query: ["format", "name"] },
  { method: "GET", route: "/api/v1/policy/report", kind: "api", access: "read" },

  {
    method: "POST",
    route: "/api/v1/drift/imports",
    kind: "api",
    access: "ingest:iac",
    query: ["format", "workspace", "name"],
  },
  {
    method: "GET",
    route: "/api/v1/drift",
    kind: "api",
    access: "read",
    query: ["status", "workspace", "kind", "cause", "limit", "cursor"],
  },
  { method: "GET", route: "/api/v1/drift/[id]", kind: "api", access: "read" },
  ...ANOMALY_ROUTES,
  ...FORECAST_ROUTES,
  ...AGENT_ROUTES,
  {
    method: "POST",
    route: "/api/v1/inventory/aws/[command]",
    kind: "api",
    access: "ingest:iac",
    query: ["region", "account", "namespace", "metric", "dimension", "period"],
  },
  {
    method: "GET",
    route: "/api/v1/delivery/deployments",
    kind: "api",
    access: "read",
    query: ["service", "team", "environment", "result", "from", "to", "limit", "cursor"],
  },
  {
    method: "GET",
    route: "/api/v1/delivery/incidents",
    kind: "api",
    access: "read",
    query: ["service", "team", "status", "from", "to", "limit", "cursor"],
  },
  { method: "POST", route: "/api/v1/delivery/deployments", kind: "api", access: "ingest:delivery" },
  { method: "POST", route: "/api/v1/delivery/incidents", kind: "api", access: "ingest:delivery" },
  // Public: GitHub can not send an API key; every delivery is proven by its X-Hub-Signature-256.
  { method: "POST", route: "/api/v1/delivery/github", kind: "api", access: "public" },
  // Public: GitLab can not send an API key; every delivery is proven by its X-Gitlab-Token.
  { method: "POST", route: "/api/v1/delivery/gitlab", kind: "api", access: "public" },
  // A key with ingest:delivery, or X-PagerDuty-Signature when a secret is configured.
  { method: "POST", route: "/api/v1/delivery/pagerduty", kind: "api", access: "ingest:delivery" },
  // The refused bodies can hold whatever a sender sent (issue texts, custom fields): admins only.
  {
    method: "GET",
    route: "/api/v1/delivery/rejected",
    kind: "api",
    access: "settings:read",
    query: ["limit", "before"],
  },
  { method: "PATCH", route: "/api/v1/delivery/incidents/[id]", kind: "api", access: "services:manage" },
  { method: "GET", route: "/api/v1/slos", kind: "api", access: "read", query: ["service", "limit", "cursor"] },
  { method: "POST", route: "/api/v1/slos", kind: "api", access: "services:manage" },
  { method: "GET", route: "/api/v1/slos/[id]", kind: "api", access: "read" },
  { method: "GET", route: "/api/v1/slos/[id]/export", kind: "api", access: "read", query: ["format"] },
  { method: "POST", route: "/api/v1/slos/import", kind: "api", access: "services:manage", query: ["file", "dryRun"] },
  { method: "PATCH", route: "/api/v1/slos/[id]", kind: "api", access: "services:manage" },
  { method: "DELETE", route: "/api/v1/slos/[id]", kind: "api", access: "services:manage" },
  {
    method: "GET",
    route: "/api/v1/zombies",
    kind: "api",
    access: "read",
    query: ["rule", "status", "team", "environment", "q", "protected", "sort", "limit", "cursor"],
  },
  {
    method: "GET",
    route: "/api/v1/zombies/summary",
    kind: "api",
    access: "read",
    query: ["rule", "status", "team", "environment", "q", "protected"],
  },
  { method: "GET", route: "/api/v1/zombies/[id]", kind: "api", access: "read" },
  { method: "POST", route: "/api/v1/zombies/[id]/decision", kind: "api", access: "costs:manage" },
  { method: "GET", route: "/api/v1/zombies/scan", kind: "api", access: "read" },
  { method: "POST", route: "/api/v1/zombies/scan", kind: "api", access: "costs:manage" },
  { method: "GET", route: "/api/v1/zombies/settings", kind: "api", access: "read" },
  { method: "PATCH", route: "/api/v1/zombies/settings", kind: "api", access: "costs:manage" },
  { method: "GET", route: "/api/v1/zombies/plans", kind: "api", access: "read", query: ["limit", "cursor"] },
  { method: "GET", route: "/api/v1/zombies/plans/[id]", kind: "api", access: "read" },
  { method: "GET", route: "/api/v1/zombies/offhours", kind: "api", access: "read", query: ["limit", "cursor"] },
  { method: "GET", route: "/api/v1/api-keys", kind: "api", access: "apikeys:manage" },
  { method: "POST", route: "/api/v1/api-keys", kind: "api", access: "apikeys:manage" },
  { method: "DELETE", route: "/api/v1/api-keys/[id]", kind: "api", access: "apikeys:manage", query: ["reason"] },
  // Notification channels hold secrets and reach outside: admins set them up; silences are for SREs too.
  { method: "GET", route: "/api/v1/notifications/channels", kind: "api", access: "settings:read" },
  { method: "POST", route: "/api/v1/notifications/channels", kind: "api", access: "settings:manage" },
  { method: "PATCH", route: "/api/v1/notifications/channels/[id]", kind: "api", access: "settings:manage" },
  { method: "DELETE", route: "/api/v1/notifications/channels/[id]", kind: "api", access: "settings:manage" },
  { method: "POST", route: "/api/v1/notifications/channels/[id]/test", kind: "api", access: "settings:manage" },
  {
    method: "GET",
    route: "/api/v1/notifications/deliveries",
    kind: "api",
    access: "settings:read",
    query: ["channel", "state", "limit", "before"],
  },
  { method: "GET", route: "/api/v1/notifications/silences", kind: "api", access: "read" },
  { method: "POST", route: "/api/v1/notifications/silences", kind: "api", access: "services:manage" },
  {
    method: "DELETE",
    route: "/api/v1/notifications/silences/[id]",
    kind: "api",
    access: "services:manage",
    query: ["reason"],
  },
];
