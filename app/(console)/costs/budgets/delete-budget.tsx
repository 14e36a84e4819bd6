"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { send } from "./budget-form";
import styles from "./budgets.module.css";

/** Delete asks first, in a modal dialog; Cancel (or Escape) leaves the budget as it is. */
export function DeleteBudget({ id, label }: { id: string; label: string }) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function confirm() {
    setBusy(true);
    const failed = await send(`/api/v1/budgets/${id}`, { method: "DELETE" });
    setBusy(false);
    setError(failed);
    if (!failed) {
      dialog.current?.close();
      router.refresh();
    }
  }
  return (
    <>
      <button
        type="button"
        className="button button-quiet"
        aria-label={`Delete the budget of ${label}`}
        onClick={() => dialog.current?.showModal()}
      >
        Delete
      </button>
      <dialog ref={dialog} className={styles.dialog} aria-labelledby={`delete-${id}`} onClose={() => setError(null)}>
        <h3 id={`delete-${id}`}>Delete the budget of {label}?</h3>
        <p className="muted">Its alerts go with it. This can not be undone.</p>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className={styles.dialogActions}>
          <button type="button" className="button" onClick={() => dialog.current?.close()} autoFocus>
            Cancel
          </button>
          <button type="button" className={`button ${styles.danger}`} onClick={confirm} disabled={busy}>
            Delete budget
          </button>
        </div>
      </dialog>
    </>
  );
}
