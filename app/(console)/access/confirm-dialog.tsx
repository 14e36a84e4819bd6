"use client";

import { type FormEvent, useEffect, useId, useRef } from "react";

/** A change waiting for its confirmation: the question, what the confirming button says, whether it removes access. */
export type Question = { text: string; confirm: string; danger?: boolean };

/**
 * A modal asking before a change, with a labelled reason for the audit trail. Confirm answers
 * the reason; Cancel, Escape and closing answer nothing, and nothing is sent.
 */
export function ConfirmDialog({
  question,
  onConfirm,
  onCancel,
}: {
  question: Question;
  onConfirm: (reason: string) => void;
  onCancel: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const element = dialog.current;
    element?.showModal();
    return () => element?.close();
  }, []);
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onConfirm(String(new FormData(event.currentTarget).get("reason") ?? "").trim());
  }
  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <form className="dialog-form" onSubmit={submit}>
        <h2 id={titleId}>{question.text}</h2>
        <label className="field">
          Reason (kept in the audit trail)
          <input name="reason" maxLength={500} autoComplete="off" />
        </label>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className={question.danger ? "button button-danger" : "button button-primary"}>
            {question.confirm}
          </button>
        </div>
      </form>
    </dialog>
  );
}
