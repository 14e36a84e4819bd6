import type { RouteEntry } from "./routes";

/** The anomaly API and its runbooks (lib/http/routes.ts says what an entry means). */
export const ANOMALY_ROUTES: RouteEntry[] = [
  // The runbook editor's pages (the anomaly pages are in lib/http/routes.ts, with the other areas').
  { method: "GET", route: "/anomalies/runbooks", kind: "page", access: "read", query: ["cursor"] },
  { method: "GET", route: "/anomalies/runbooks/new", kind: "page", access: "runbooks:manage" },
  { method: "GET", route: "/anomalies/runbooks/[id]", kind: "page", access: "read" },
  {
    method: "GET",
    route: "/api/v1/anomalies",
    kind: "api",
    access: "read",
    query: ["status", "service", "series", "from", "to", "limit", "cursor"],
  },
  { method: "GET", route: "/api/v1/anomalies/[id]", kind: "api", access: "read" },
  { method: "POST", route: "/api/v1/anomalies/[id]/triage", kind: "api", access: "anomalies:triage" },
  { method: "POST", route: "/api/v1/anomalies/sensitivity", kind: "api", access: "anomalies:triage" },
  { method: "POST", route: "/api/v1/anomalies/sensitivity/preview", kind: "api", access: "anomalies:triage" },
  { method: "GET", route: "/api/v1/anomalies/metrics", kind: "api", access: "read" },
  { method: "POST", route: "/api/v1/anomalies/metrics", kind: "api", access: "anomalies:triage" },
  { method: "GET", route: "/api/v1/anomalies/[id]/runs", kind: "api", access: "read", query: ["limit", "cursor"] },
  { method: "POST", route: "/api/v1/anomalies/[id]/runs", kind: "api", access: "runbooks:run" },
  { method: "GET", route: "/api/v1/slos/[id]/runs", kind: "api", access: "read", query: ["limit", "cursor"] },
  { method: "POST", route: "/api/v1/slos/[id]/runs", kind: "api", access: "runbooks:run" },
  { method: "GET", route: "/api/v1/runbooks", kind: "api", access: "read", query: ["limit", "cursor"] },
  { method: "POST", route: "/api/v1/runbooks", kind: "api", access: "runbooks:manage" },
  { method: "GET", route: "/api/v1/runbooks/[id]", kind: "api", access: "read" },
  { method: "PATCH", route: "/api/v1/runbooks/[id]", kind: "api", access: "runbooks:manage" },
  { method: "DELETE", route: "/api/v1/runbooks/[id]", kind: "api", access: "runbooks:manage" },
  { method: "POST", route: "/api/v1/runbooks/[id]/dry-run", kind: "api", access: "runbooks:run" },
  { method: "POST", route: "/api/v1/runs/[id]/approve", kind: "api", access: "runbooks:run" },
  { method: "POST", route: "/api/v1/runs/[id]/reject", kind: "api", access: "runbooks:run" },
];
