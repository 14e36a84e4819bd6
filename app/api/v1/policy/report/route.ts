import { apiRoute } from "@/lib/http/api-route";
import { exportComplianceReport } from "@/lib/policy/compliance-report";
import { reportCsv } from "@/lib/policy/report-csv";

export const dynamic = "force-dynamic";

/** The compliance report as text/csv, anchored to the audit-trail head at export time. */
export const GET = apiRoute("GET /api/v1/policy/report", async (ctx) => {
  const report = await exportComplianceReport(ctx);
  return new Response(reportCsv(report), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="vigil-compliance-${report.exportedAt.slice(0, 10)}.csv"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
