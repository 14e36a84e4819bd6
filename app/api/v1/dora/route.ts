import { getDora } from "@/lib/delivery/get-dora";
import { apiRoute, queryOf } from "@/lib/http/api-route";
import { completeDays } from "@/lib/time";

export const dynamic = "force-dynamic";

/** Without from and to, the console's "last 30 days" (complete UTC days), as the Overview reads it. */
function withDefaultWindow(query: Record<string, string>): Record<string, string> {
  return query.from === undefined && query.to === undefined ? { ...query, ...completeDays(30) } : query;
}

/**
 * ?from=&to= (YYYY-MM-DD or ISO 8601 times, window [from, to); both absent: the last 30 complete UTC
 * days)&service=|team= (neither: the platform): the DORA figures, null where a figure has no data.
 */
export const GET = apiRoute("GET /api/v1/dora", (ctx, request) => getDora(ctx, withDefaultWindow(queryOf(request))));
