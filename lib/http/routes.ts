import type { Permission } from "../context";

/**
 * Every page and API route Vigil serves, with the permission it needs. The access-matrix test
 * reads this table: it fails when a file under app/ has no entry here, and it calls every entry as
 * every role, with no session and with API keys, expecting exactly the status this table implies.
 *
 * `public`: anyone; `signed-in`: any person or key; otherwise a Permission from lib/context.ts.
 */
export type Access = Permission | "public" | "signed-in";

export interface RouteEntry {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** Route as in app/, without groups: /api/v1/users/[id]. */
  route: string;
  kind: "page" | "api";
  access: Access;
  /** A concrete request for the matrix: the URL to call and a body factory for writes. */
  sample?: { path?: string; body?: () => unknown };
  /** Status when the actor is allowed; 200 when not given. */
  allowedStatus?: number;
  /** Status for a signed-in person when it differs (the sign-in page sends them on to /). */
  signedInStatus?: number;
  /** better-auth's own endpoints are tested by the sign-in tests, not walked by the matrix. */
  matrix?: false;
  /** The query parameters the route reads; the parameter walk sends each of them hostile values. */
  query?: readonly string[];
}

const NO_SUCH_ID = "00000000-0000-4000-8000-000000000000";
// A one-line FOCUS file in a month the demo does not use: each allowed caller's import replaces the last.
const MATRIX_FOCUS_CSV =
  "BillingAccountId,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargeCategory,ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,ListCost,ProviderName,ServiceName\n" +
  "matrix-account,USD,2020-01-01T00:00:00Z,2020-02-01T00:00:00Z,Usage,2020-01-01T00:00:00Z,2020-01-02T00:00:00Z,1.25,1.25,1.5,AWS,Amazon S3\n";
const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

export const ROUTES: readonly RouteEntry[] = [
  // Pages.
  { method: "GET", route: "/sign-in", kind: "page", access: "public", signedInStatus: 307 },
  { method: "GET", route: "/", kind: "page", access: "read" },
  { method: "GET", route: "/services", kind: "page", access: "read" },
  {
    method: "GET",
    route: "/services/[service]",
    kind: "page",
    access: "read",
    sample: { path: "/services/payments-api" },
  },
  { method: "GET", route: "/service-map", kind: "page", access: "read" },
  { method: "GET", route: "/traces", kind: "page", access: "read" },
  {
    method: "GET",
    route: "/traces/[traceId]",
    kind: "page",
    access: "read",
    sample: { path: `/traces/${"f".repeat(32)}` },
    allowedStatus: 404,
  },
  { method: "GET", route: "/costs", kind: "page", access: "read" },
  { method: "GET", route: "/costs/imports", kind: "page", access: "read" },
  { method: "GET", route: "/costs/budgets", kind: "page", access: "read" },
  { method: "GET", route: "/costs/inventory", kind: "page", access: "read" },
  {
    method: "GET",
    route: "/costs/features/[feature]",
    kind: "page",
    access: "read",
    sample: { path: "/costs/features/card-payments" },
  },
  { method: "GET", route: "/audit", kind: "page", access: "audit:read" },
  { method: "GET", route: "/access", kind: "page", access: "users:manage" },
  { method: "GET", route: "/settings", kind: "page", access: "settings:read" },
  { method: "GET", route: "/account", kind: "page", access: "signed-in" },
  { method: "GET", route: "/[area]", kind: "page", access: "read", sample: { path: "/anomalies" } },

  // Sign-in and health.
  { method: "GET", route: "/api/health", kind: "api", access: "public" },
  { method: "GET", route: "/api/auth/[...all]", kind: "api", access: "public", matrix: false },
  { method: "POST", route: "/api/auth/[...all]", kind: "api", access: "public", matrix: false },
  { method: "POST", route: "/api/demo/sign-in", kind: "api", access: "public", matrix: false },

  // /api/v1.
  { method: "GET", route: "/api/v1/me", kind: "api", access: "signed-in" },
  { method: "GET", route: "/api/v1/overview", kind: "api", access: "read", query: ["days"] },
  { method: "GET", route: "/api/v1/services", kind: "api", access: "read", query: ["from", "to", "points"] },
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
  {
    method: "GET",
    route: "/api/v1/traces/[traceId]",
    kind: "api",
    access: "read",
    sample: { path: `/api/v1/traces/${"f".repeat(32)}` },
    allowedStatus: 404,
  },
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
  { method: "POST", route: "/api/v1/audit/verify", kind: "api", access: "audit:read", allowedStatus: 200 },
  { method: "GET", route: "/api/v1/users", kind: "api", access: "users:manage", query: ["limit", "after"] },
  {
    method: "POST",
    route: "/api/v1/users",
    kind: "api",
    access: "users:manage",
    sample: { body: () => ({ email: `matrix-${unique()}@example.com`, role: "viewer" }) },
    allowedStatus: 201,
  },
  {
    method: "PATCH",
    route: "/api/v1/users/[id]",
    kind: "api",
    access: "users:manage",
    sample: { path: `/api/v1/users/${NO_SUCH_ID}`, body: () => ({ role: "sre" }) },
    allowedStatus: 404,
  },
  { method: "GET", route: "/api/v1/billing/imports", kind: "api", access: "read", query: ["limit", "after"] },
  { method: "GET", route: "/api/v1/budgets", kind: "api", access: "read" },
  {
    method: "POST",
    route: "/api/v1/budgets",
    kind: "api",
    access: "costs:manage",
    sample: { body: () => ({ scope: "team", key: `matrix-${unique()}`, monthlyAmount: "100" }) },
    allowedStatus: 201,
  },
  {
    method: "DELETE",
    route: "/api/v1/budgets/[id]",
    kind: "api",
    access: "costs:manage",
    sample: { path: `/api/v1/budgets/${NO_SUCH_ID}` },
    allowedStatus: 404,
  },
  { method: "GET", route: "/api/v1/cost-alerts", kind: "api", access: "read", query: ["limit", "before"] },
  {
    method: "GET",
    route: "/api/v1/costs/summary",
    kind: "api",
    access: "read",
    sample: { path: "/api/v1/costs/summary?from=2026-01-01&to=2026-02-01&groupBy=team" },
    query: ["from", "to", "groupBy", "metric", "limit"],
  },
  {
    method: "POST",
    route: "/api/v1/billing/imports",
    kind: "api",
    access: "ingest:billing",
    sample: { path: "/api/v1/billing/imports?format=focus&name=matrix.csv", body: () => MATRIX_FOCUS_CSV },
    allowedStatus: 201,
    query: ["format", "dataset", "name"],
  },
  {
    method: "POST",
    route: "/api/v1/inventory/terraform-state",
    kind: "api",
    access: "ingest:iac",
    sample: {
      path: "/api/v1/inventory/terraform-state?name=matrix.tfstate",
      body: () => JSON.stringify({ version: 4, serial: 1, lineage: "matrix-lineage", resources: [] }),
    },
    allowedStatus: 201,
    query: ["name"],
  },
  { method: "GET", route: "/api/v1/api-keys", kind: "api", access: "apikeys:manage" },
  {
    method: "POST",
    route: "/api/v1/api-keys",
    kind: "api",
    access: "apikeys:manage",
    sample: { body: () => ({ name: `matrix-${unique()}`, scopes: ["read"] }) },
    allowedStatus: 201,
  },
  {
    method: "DELETE",
    route: "/api/v1/api-keys/[id]",
    kind: "api",
    access: "apikeys:manage",
    sample: { path: `/api/v1/api-keys/${NO_SUCH_ID}` },
    allowedStatus: 404,
    query: ["reason"],
  },
];
