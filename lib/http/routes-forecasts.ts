import type { RouteEntry } from "./routes";

/** The forecasts' page and API (lib/http/routes.ts says what an entry means). */
export const FORECAST_ROUTES: RouteEntry[] = [
  {
    method: "GET",
    route: "/anomalies/forecasts",
    kind: "page",
    access: "read",
    query: ["service", "environment", "feature"],
  },
  {
    method: "GET",
    route: "/api/v1/forecasts/services",
    kind: "api",
    access: "read",
    query: ["service", "environment", "margin", "limit", "cursor"],
  },
  {
    method: "GET",
    route: "/api/v1/forecasts/features",
    kind: "api",
    access: "read",
    query: ["feature", "currency", "limit", "cursor"],
  },
  { method: "GET", route: "/api/v1/forecasts/capacity", kind: "api", access: "read", query: ["environment", "margin"] },
  { method: "GET", route: "/api/v1/forecasts/settings", kind: "api", access: "read" },
  { method: "PATCH", route: "/api/v1/forecasts/settings", kind: "api", access: "settings:manage" },
];
