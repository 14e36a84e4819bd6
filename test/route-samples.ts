import type { RouteEntry } from "../lib/http/routes";
import { agentSamples } from "./route-samples-agent";

/** A concrete request for a route in lib/http/routes.ts, for the access matrix and the parameter walk. */
export interface RouteSample {
  /** The URL to call, when the route has dynamic segments or needs a query. */
  path?: string;
  /** A body factory for writes. */
  body?: () => unknown;
  /** Status when the actor is allowed; 200 when not given. */
  allowedStatus?: number;
  /** Status for a signed-in person when it differs (the sign-in page sends them on to /). */
  signedInStatus?: number;
  /** Request headers the route needs besides the caller's (MCP's Accept). */
  headers?: Record<string, string>;
  /** better-auth's own endpoints are tested by the sign-in tests, not walked by the matrix. */
  matrix?: false;
}

const NO_SUCH_ID = "00000000-0000-4000-8000-000000000000";
// A one-line FOCUS file in a month the demo does not use: each allowed caller's import replaces the last.
const MATRIX_FOCUS_CSV =
  "BillingAccountId,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargeCategory,ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,ListCost,ProviderName,ServiceName\n" +
  "matrix-account,USD,2020-01-01T00:00:00Z,2020-02-01T00:00:00Z,Usage,2020-01-01T00:00:00Z,2020-01-02T00:00:00Z,1.25,1.25,1.5,AWS,Amazon S3\n";
const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

const SAMPLES: Record<string, RouteSample> = {
  "GET /sign-in": { signedInStatus: 307 },
  "GET /services/[service]": { path: "/services/payments-api" },
  "GET /slos/[id]": { path: "/slos/999999999999", allowedStatus: 404 },
  "GET /traces/[traceId]": { path: `/traces/${"f".repeat(32)}`, allowedStatus: 404 },
  "GET /costs/features/[feature]": { path: "/costs/features/card-payments" },
  "GET /zombies/[id]": { path: `/zombies/${NO_SUCH_ID}`, allowedStatus: 404 },
  "GET /anomalies/runbooks/[id]": { path: `/anomalies/runbooks/${NO_SUCH_ID}`, allowedStatus: 404 },
  "GET /[area]": { path: "/anomalies" },
  "GET /api/auth/[...all]": { matrix: false },
  "POST /api/auth/[...all]": { matrix: false },
  "POST /api/demo/sign-in": { matrix: false },
  "GET /api/v1/traces/[traceId]": { path: `/api/v1/traces/${"f".repeat(32)}`, allowedStatus: 404 },
  "POST /api/v1/audit/verify": { allowedStatus: 200 },
  "POST /api/v1/users": {
    body: () => ({ email: `matrix-${unique()}@example.com`, role: "viewer" }),
    allowedStatus: 201,
  },
  "PATCH /api/v1/users/[id]": {
    path: `/api/v1/users/${NO_SUCH_ID}`,
    body: () => ({ role: "sre" }),
    allowedStatus: 404,
  },
  "POST /api/v1/budgets": {
    body: () => ({ scope: "team", key: `matrix-${unique()}`, monthlyAmount: "100" }),
    allowedStatus: 201,
  },
  "DELETE /api/v1/budgets/[id]": { path: `/api/v1/budgets/${NO_SUCH_ID}`, allowedStatus: 404 },
  "GET /api/v1/costs/summary": { path: "/api/v1/costs/summary?from=2026-01-01&to=2026-02-01&groupBy=team" },
  "GET /api/v1/dora": { path: "/api/v1/dora?from=2026-01-01&to=2026-02-01" },
  "GET /api/v1/costs/breakdown": { path: "/api/v1/costs/breakdown?from=2026-01-01&to=2026-02-01&groupBy=team" },
  "POST /api/v1/billing/imports": {
    path: "/api/v1/billing/imports?format=focus&name=matrix.csv",
    body: () => MATRIX_FOCUS_CSV,
    allowedStatus: 201,
  },
  "POST /api/v1/inventory/terraform-state": {
    path: "/api/v1/inventory/terraform-state?name=matrix.tfstate",
    body: () => JSON.stringify({ version: 4, serial: 1, lineage: "matrix-lineage", resources: [] }),
    allowedStatus: 201,
  },
  // An empty driftctl scan of a workspace nothing else uses: each allowed caller's import changes nothing.
  "POST /api/v1/drift/imports": {
    path: "/api/v1/drift/imports?format=driftctl&workspace=matrix-drift",
    body: () =>
      JSON.stringify({
        summary: { total_resources: 0, total_managed: 0, total_unmanaged: 0, total_missing: 0 },
        managed: [],
        unmanaged: [],
        missing: [],
        coverage: 0,
      }),
    allowedStatus: 201,
  },
  "GET /api/v1/drift/[id]": { path: `/api/v1/drift/${NO_SUCH_ID}`, allowedStatus: 404 },
  "GET /drift/[id]": { path: `/drift/${NO_SUCH_ID}`, allowedStatus: 404 },
  "GET /api/v1/anomalies/[id]": { path: `/api/v1/anomalies/${NO_SUCH_ID}`, allowedStatus: 404 },
  "GET /anomalies/[id]": { path: `/anomalies/${NO_SUCH_ID}`, allowedStatus: 404 },
  // A setting for a service nothing sends: each allowed caller's save changes nothing that scans.
  "POST /api/v1/anomalies/sensitivity": {
    path: "/api/v1/anomalies/sensitivity",
    body: () => ({ service: "matrix-no-traffic", series: "errors", level: "low" }),
    allowedStatus: 200,
  },
  "POST /api/v1/anomalies/sensitivity/preview": {
    path: "/api/v1/anomalies/sensitivity/preview",
    body: () => ({ service: "matrix-no-traffic", series: "errors", level: "low" }),
    allowedStatus: 404,
  },
  // Stopping the watch of a metric never watched: each allowed caller's call changes nothing.
  "POST /api/v1/anomalies/metrics": {
    path: "/api/v1/anomalies/metrics",
    body: () => ({ metric: "matrix.never.watched", watch: false }),
    allowedStatus: 200,
  },
  "POST /api/v1/anomalies/[id]/triage": {
    path: `/api/v1/anomalies/${NO_SUCH_ID}/triage`,
    body: () => ({ comment: "matrix" }),
    allowedStatus: 404,
  },
  "GET /api/v1/anomalies/[id]/runs": { path: `/api/v1/anomalies/${NO_SUCH_ID}/runs` },
  "GET /api/v1/slos/[id]/runs": { path: "/api/v1/slos/999999999999/runs" },
  "POST /api/v1/slos/[id]/runs": {
    path: "/api/v1/slos/999999999999/runs",
    body: () => ({ runbookId: NO_SUCH_ID }),
    allowedStatus: 404,
  },
  "POST /api/v1/anomalies/[id]/runs": {
    path: `/api/v1/anomalies/${NO_SUCH_ID}/runs`,
    body: () => ({ runbookId: NO_SUCH_ID }),
    allowedStatus: 404,
  },
  "POST /api/v1/runbooks": {
    body: () => ({
      name: `matrix-${unique()}`,
      method: "POST",
      url: "https://automation.example.com/matrix",
      bodyTemplate: '{"service": "{{service}}"}',
      series: ["errors"],
    }),
    allowedStatus: 201,
  },
  "GET /api/v1/runbooks/[id]": { path: `/api/v1/runbooks/${NO_SUCH_ID}`, allowedStatus: 404 },
  "PATCH /api/v1/runbooks/[id]": {
    path: `/api/v1/runbooks/${NO_SUCH_ID}`,
    body: () => ({ description: "matrix" }),
    allowedStatus: 404,
  },
  "DELETE /api/v1/runbooks/[id]": { path: `/api/v1/runbooks/${NO_SUCH_ID}`, allowedStatus: 404 },
  "POST /api/v1/runbooks/[id]/dry-run": {
    path: `/api/v1/runbooks/${NO_SUCH_ID}/dry-run`,
    body: () => ({ anomalyId: NO_SUCH_ID }),
    allowedStatus: 404,
  },
  "POST /api/v1/runs/[id]/approve": {
    path: `/api/v1/runs/${NO_SUCH_ID}/approve`,
    body: () => ({}),
    allowedStatus: 404,
  },
  "POST /api/v1/runs/[id]/reject": { path: `/api/v1/runs/${NO_SUCH_ID}/reject`, body: () => ({}), allowedStatus: 404 },
  "POST /api/v1/policy/evaluate": {
    path: "/api/v1/policy/evaluate?name=matrix-plan.json",
    body: () => JSON.stringify({ format_version: "1.2", planned_values: { root_module: { resources: [] } } }),
    allowedStatus: 200,
  },
  "POST /api/v1/policy/findings/[id]/waiver": {
    path: `/api/v1/policy/findings/${NO_SUCH_ID}/waiver`,
    body: () => ({ reason: "matrix", until: new Date(Date.now() + 86_400_000).toISOString() }),
    allowedStatus: 404,
  },
  "PATCH /api/v1/policy/rules/[id]": {
    path: "/api/v1/policy/rules/matrix-no-such-rule",
    body: () => ({ enabled: true }),
    allowedStatus: 404,
  },
  "POST /api/v1/policy/imports": {
    path: "/api/v1/policy/imports?format=checkov&name=matrix-checkov.json",
    body: () =>
      JSON.stringify({ check_type: "terraform", results: { passed_checks: [], failed_checks: [] }, summary: {} }),
    allowedStatus: 201,
  },
  // An empty snapshot of a scope nothing else uses: each allowed caller's import changes nothing.
  "POST /api/v1/inventory/aws/[command]": {
    path: "/api/v1/inventory/aws/ec2-describe-volumes?region=eu-west-3&account=000000000000",
    body: () => JSON.stringify({ Volumes: [] }),
    allowedStatus: 201,
  },
  "POST /api/v1/delivery/deployments": {
    body: () => ({
      id: `matrix-${unique()}`,
      service: "matrix-service",
      startedDate: "2020-01-01T00:00:00Z",
      finishedDate: "2020-01-01T00:10:00Z",
      deploymentCommits: [{ repoUrl: "https://git.example/matrix", commitSha: "abcdef0" }],
    }),
    allowedStatus: 201,
  },
  "POST /api/v1/delivery/incidents": {
    body: () => ({
      issueKey: `matrix-${unique()}`,
      title: "matrix incident",
      status: "TODO",
      createdDate: "2020-01-01T00:20:00Z",
      service: "matrix-service",
    }),
    allowedStatus: 201,
  },
  // Proven by a signature, not by a session or key: tested in app/api/v1/delivery/github.test.ts.
  "POST /api/v1/delivery/github": { matrix: false },
  // Proven by X-Gitlab-Token, not by a session or key: tested in app/api/v1/delivery/gitlab-route.test.ts.
  "POST /api/v1/delivery/gitlab": { matrix: false },
  "POST /api/v1/delivery/pagerduty": {
    body: () => ({
      event: {
        event_type: "incident.triggered",
        occurred_at: "2020-01-01T00:20:00Z",
        data: {
          id: `matrix-${unique()}`,
          title: "matrix incident",
          created_at: "2020-01-01T00:20:00Z",
          service: { id: "PMATRIX", summary: "matrix-service" },
        },
      },
    }),
    allowedStatus: 201,
  },
  "POST /api/v1/api-keys": { body: () => ({ name: `matrix-${unique()}`, scopes: ["read"] }), allowedStatus: 201 },
  "DELETE /api/v1/api-keys/[id]": { path: `/api/v1/api-keys/${NO_SUCH_ID}`, allowedStatus: 404 },
  "POST /api/v1/slos": {
    body: () => ({
      name: `matrix-${unique()}`.toLowerCase().replace(/[^a-z0-9-]/g, "-"),
      service: "checkout",
      sli: { type: "availability" },
      objectivePercent: 99.9,
      window: "30d",
    }),
    allowedStatus: 201,
  },
  "GET /api/v1/slos/[id]/export": { path: `/api/v1/slos/${NO_SUCH_ID}/export`, allowedStatus: 404 },
  "POST /api/v1/slos/import": {
    path: "/api/v1/slos/import?dryRun=true",
    body: () =>
      'version: "prometheus/v1"\nservice: "matrix-import"\nslos:\n  - name: "availability"\n    objective: 99.9\n' +
      "    sli:\n      events:\n        error_query: sum(rate(errors[{{.window}}]))\n        total_query: sum(rate(total[{{.window}}]))\n",
  },
  "GET /api/v1/slos/[id]": { path: `/api/v1/slos/${NO_SUCH_ID}`, allowedStatus: 404 },
  "PATCH /api/v1/slos/[id]": {
    path: `/api/v1/slos/${NO_SUCH_ID}`,
    body: () => ({ objectivePercent: 99 }),
    allowedStatus: 404,
  },
  "DELETE /api/v1/slos/[id]": { path: `/api/v1/slos/${NO_SUCH_ID}`, allowedStatus: 404 },
  "PATCH /api/v1/delivery/incidents/[id]": {
    path: "/api/v1/delivery/incidents/999999999999",
    body: () => ({ deploymentId: null, reason: "matrix" }),
    allowedStatus: 404,
  },
  "POST /api/v1/notifications/channels": {
    // Disabled and routed to no real service: the matrix's channels never take a real alert.
    body: () => ({
      name: `matrix-${unique()}`,
      kind: "webhook",
      url: "http://127.0.0.1:9/matrix",
      secret: "matrix-secret-0123456789",
      routing: { services: ["matrix-no-such-service"] },
      enabled: false,
    }),
    allowedStatus: 201,
  },
  "PATCH /api/v1/notifications/channels/[id]": {
    path: `/api/v1/notifications/channels/${NO_SUCH_ID}`,
    body: () => ({ enabled: false }),
    allowedStatus: 404,
  },
  "DELETE /api/v1/notifications/channels/[id]": {
    path: `/api/v1/notifications/channels/${NO_SUCH_ID}`,
    allowedStatus: 404,
  },
  "POST /api/v1/notifications/channels/[id]/test": {
    path: `/api/v1/notifications/channels/${NO_SUCH_ID}/test`,
    allowedStatus: 404,
  },
  "POST /api/v1/notifications/silences": {
    body: () => ({
      matchers: { keys: [`matrix-${unique()}`] },
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      reason: "access matrix",
    }),
    allowedStatus: 201,
  },
  "DELETE /api/v1/notifications/silences/[id]": {
    path: `/api/v1/notifications/silences/${NO_SUCH_ID}`,
    allowedStatus: 404,
  },
  "GET /api/v1/zombies/[id]": { path: `/api/v1/zombies/${NO_SUCH_ID}`, allowedStatus: 404 },
  "POST /api/v1/zombies/[id]/decision": {
    path: `/api/v1/zombies/${NO_SUCH_ID}/decision`,
    body: () => ({ action: "reject", reason: "access matrix" }),
    allowedStatus: 404,
  },
  "GET /api/v1/zombies/plans/[id]": { path: `/api/v1/zombies/plans/${NO_SUCH_ID}`, allowedStatus: 404 },
  "GET /api/v1/zombies/offhours": { path: "/api/v1/zombies/offhours?limit=50" },
  "GET /zombies/offhours": { path: "/zombies/offhours" },
  // The matrix stores the defaults again: an empty override changes nothing.
  "PATCH /api/v1/zombies/settings": { body: () => ({}), allowedStatus: 200 },
  "PATCH /api/v1/forecasts/settings": { body: () => ({ capacityMarginPercent: 20 }), allowedStatus: 200 },
  ...agentSamples(NO_SUCH_ID),
};

/** The sample request for a route ("METHOD /route"); an empty one when the route needs none. */
export function sampleOf(entry: Pick<RouteEntry, "method" | "route">): RouteSample {
  return SAMPLES[`${entry.method} ${entry.route}`] ?? {};
}
