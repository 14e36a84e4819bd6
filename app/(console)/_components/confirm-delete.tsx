"use client";

import { useId, useRef, useState } from "react";
import styles from "./dialog.module.css";
import { sendJson } from "./send-json";

interface ConfirmDeleteProps {
  url: string;
  title: string;
  note: string;
  confirmText: string;
  /** The button's accessible name where "Delete" alone would not say what goes. */
  buttonLabel?: string;
  /** The button's text, for a DELETE that ends rather than removes (a silence's "End now"). */
  buttonText?: string;
  onDeleted: () => void;
}

/**
 * A Delete button that asks first, in a modal dialog; Cancel (or Escape) leaves the thing as it is.
 * Confirming sends DELETE to `url`; the API's refusal shows in the dialog, success calls `onDeleted`.
 */
export function ConfirmDelete({
  url,
  title,
  note,
  confirmText,
  buttonLabel,
  buttonText = "Delete",
  onDeleted,
}: ConfirmDeleteProps) {
  const headingId = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function confirm() {
    setBusy(true);
    const failed = await deleteAt(url);
    setBusy(false);
    setError(failed);
    if (!failed) {
      dialog.current?.close();
      onDeleted();
    }
  }
  return (
    <>
      <button
        type="button"
        className="button button-quiet"
        aria-label={buttonLabel}
        onClick={() => dialog.current?.showModal()}
      >
        {buttonText}
      </button>
      <dialog ref={dialog} className={styles.dialog} aria-labelledby={headingId} onClose={() => setError(null)}>
        <h3 id={headingId}>{title}</h3>
        <p className="muted">{note}</p>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className={styles.actions}>
          <button type="button" className="button" onClick={() => dialog.current?.close()} autoFocus>
            Cancel
          </button>
          <button type="button" className={`button ${styles.danger}`} onClick={confirm} disabled={busy}>
            {confirmText}
          </button>
        </div>
      </dialog>
    </>
  );
}

/** null when deleted, else why not. */
async function deleteAt(url: string): Promise<string | null> {
  try {
    await sendJson(url, "DELETE");
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : "Could not reach Vigil";
  }
}
