import type { Metadata } from "next";
import { pageCtx } from "@/lib/auth/page-ctx";
import { exportComplianceReport } from "@/lib/policy/compliance-report";
import { Card } from "../../_components/card";
import { PageHeader } from "../../_components/not-built";
import { ControlsTable } from "../controls-table";
import { FindingsTable } from "../findings-table";

export const metadata: Metadata = { title: "Compliance report" };
export const dynamic = "force-dynamic";

/** The report an auditor prints: the same reading as the CSV, anchored to the audit head at export. */
export default async function ComplianceReportPage() {
  const { ctx } = await pageCtx("read");
  const report = await exportComplianceReport(ctx);
  return (
    <>
      <PageHeader
        title="Compliance report"
        subtitle={`Exported ${report.exportedAt} by ${report.exportedBy}`}
        back={{ href: "/compliance", label: "Compliance" }}
      />
      <Card id="anchor" title="Audit trail anchor">
        <p data-testid="audit-head">
          Audit entry #{report.auditHead.seq}, hash{" "}
          <code style={{ overflowWrap: "anywhere" }}>{report.auditHead.hash}</code>
        </p>
        <p className="muted">
          This export is itself that entry; npm run vigil -- audit verify proves the trail up to it is unchanged.
          {report.truncated && " Only the first 10,000 findings are listed; the counts cover all."}
        </p>
      </Card>
      <Card id="report-controls" title="Controls by environment">
        <ControlsTable rows={report.controls} />
      </Card>
      <Card id="report-findings" title="Open and waived findings">
        <FindingsTable items={report.findings} testId="report-findings" />
      </Card>
    </>
  );
}
