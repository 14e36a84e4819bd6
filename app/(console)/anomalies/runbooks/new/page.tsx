import type { Metadata } from "next";
import { pageCtx } from "@/lib/auth/page-ctx";
import { Card } from "../../../_components/card";
import { PageHeader } from "../../../_components/not-built";
import { RunbookForm } from "../runbook-form";

export const metadata: Metadata = { title: "New runbook" };
export const dynamic = "force-dynamic";

/** Only admins get the form; the API refuses the others anyway. */
export default async function NewRunbookPage() {
  await pageCtx("runbooks:manage");
  return (
    <>
      <PageHeader
        title="New runbook"
        subtitle="An HTTP call to your automation, with a JSON body rendered from the anomaly or SLO alert it answers"
        back={{ href: "/anomalies/runbooks", label: "← Runbooks" }}
      />
      <Card id="new-runbook-title" title="Runbook" note="saved runbooks can be dry-run before anyone runs them">
        <RunbookForm />
      </Card>
    </>
  );
}
