import { exportAuditCsv } from "@/lib/audit/list-audit";
import { apiRoute, queryOf } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

/** The filtered trail as CSV (same filters as GET /api/v1/audit), streamed oldest first. */
export const GET = apiRoute("GET /api/v1/audit/export", async (ctx, request) => {
  const rows = exportAuditCsv(ctx, queryOf(request));
  // Pull the header now so a bad filter or a refusal is a JSON error, not a broken download.
  const first = await rows.next();
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      if (!first.done) controller.enqueue(encoder.encode(first.value));
    },
    async pull(controller) {
      const next = await rows.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="vigil-audit-${stamp}.csv"`,
      "cache-control": "no-store",
    },
  });
});
