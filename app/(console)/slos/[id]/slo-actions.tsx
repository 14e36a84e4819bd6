"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import type { SloDefinition } from "@/lib/slo/schemas";
import { SloForm } from "../slo-form";
import styles from "./slo-page.module.css";

/** Edit opens the form under the header; Delete asks first, in a modal dialog (Escape cancels). */
export function SloActions({
  id,
  definition,
  services,
}: {
  id: string;
  definition: SloDefinition;
  services: string[];
}) {
  const [editing, setEditing] = useState(false);
  return (
    <>
      <div className={styles.buttons}>
        <button type="button" className="button" aria-expanded={editing} onClick={() => setEditing(!editing)}>
          Edit
        </button>
        <DeleteSlo id={id} name={definition.name} />
      </div>
      {editing && (
        <div className={styles.editor}>
          <SloForm services={services} edit={{ id, definition }} onCancel={() => setEditing(false)} />
        </div>
      )}
    </>
  );
}

function DeleteSlo({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function confirm() {
    setBusy(true);
    const response = await fetch(`/api/v1/slos/${id}`, { method: "DELETE" });
    setBusy(false);
    if (response.ok) {
      dialog.current?.close();
      router.push("/slos");
      return;
    }
    const body = await response.json().catch(() => ({}));
    setError(body.error?.message ?? `Failed (${response.status})`);
  }
  return (
    <>
      <button type="button" className="button button-quiet" onClick={() => dialog.current?.showModal()}>
        Delete
      </button>
      <dialog ref={dialog} className={styles.dialog} aria-labelledby={`delete-${id}`} onClose={() => setError(null)}>
        <h3 id={`delete-${id}`}>Delete the SLO {name}?</h3>
        <p className="muted">Its status and alert history go with it. This can not be undone.</p>
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
            Delete SLO
          </button>
        </div>
      </dialog>
    </>
  );
}
