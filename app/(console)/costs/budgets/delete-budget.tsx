"use client";

import { useRouter } from "next/navigation";
import { ConfirmDelete } from "../../_components/confirm-delete";

/** Delete asks first, in a modal dialog; Cancel (or Escape) leaves the budget as it is. */
export function DeleteBudget({ id, label }: { id: string; label: string }) {
  const router = useRouter();
  return (
    <ConfirmDelete
      url={`/api/v1/budgets/${id}`}
      title={`Delete the budget of ${label}?`}
      note="Its alerts go with it. This can not be undone."
      confirmText="Delete budget"
      buttonLabel={`Delete the budget of ${label}`}
      onDeleted={() => router.refresh()}
    />
  );
}
