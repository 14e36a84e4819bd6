import { importFindingsFile, MAX_REPORT_BYTES } from "@/collectors/policy/import-findings-file";
import { apiRoute, queryOf } from "@/lib/http/api-route";
import { readBody } from "@/lib/http/read-body";

export const dynamic = "force-dynamic";

/** ?format=checkov|tfsec|trivy|conftest&name=: the report as the body; 201 { findings, opened, reopened, resolved }. */
export const POST = apiRoute("POST /api/v1/policy/imports", (ctx, request) => {
  const { format, name } = queryOf(request);
  return importFindingsFile(ctx, { format, name, body: () => readBody(request, MAX_REPORT_BYTES) });
});
