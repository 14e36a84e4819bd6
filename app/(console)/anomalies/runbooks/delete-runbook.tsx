"use client";

import { useRouter } from "next/navigation";
import { ConfirmDelete } from "../../_components/confirm-delete";

/** Delete, asked first in a modal dialog; the runs it made stay, as the record of what was sent. */
export function DeleteRunbook({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  return (
    <ConfirmDelete
      url={`/api/v1/runbooks/${id}`}
      title={`Delete the runbook ${name}?`}
      note="Runs waiting for approval can then only be rejected; runs already made stay in the record. This can not be undone."
      confirmText="Delete runbook"
      buttonLabel={`Delete runbook ${name}`}
      onDeleted={() => {
        router.push("/anomalies/runbooks");
        router.refresh();
      }}
    />
  );
}
