import { apiRoute, queryOf } from "@/lib/http/api-route";
import { listServiceRed } from "@/lib/traces/service-red";

export const dynamic = "force-dynamic";

/** ?from=&to=&points= : per service { service, requests, errors, errorRate, p50Ms, p95Ms, p99Ms, series }. */
export const GET = apiRoute("GET /api/v1/services", (ctx, request) => listServiceRed(ctx, queryOf(request)));
