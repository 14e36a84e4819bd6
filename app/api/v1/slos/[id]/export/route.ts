import { apiRoute, queryOf } from "@/lib/http/api-route";
import { exportSlo } from "@/lib/slo/export-slo";

export const dynamic = "force-dynamic";

/** The SLO as YAML: ?format=openslo (OpenSLO v1, the default) or sloth (prometheus/v1). */
export const GET = apiRoute<{ id: string }>("GET /api/v1/slos/[id]/export", async (ctx, request, { id }) => {
  const { yaml, fileName } = await exportSlo(ctx, id, queryOf(request).format);
  return new Response(yaml, {
    headers: {
      "content-type": "application/yaml; charset=utf-8",
      "content-disposition": `attachment; filename="${fileName}"`,
    },
  });
});
