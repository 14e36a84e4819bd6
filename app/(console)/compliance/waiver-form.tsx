"use client";

import { useState } from "react";
import { useFormSubmit } from "@/app/(console)/_components/use-form-submit";
import styles from "./compliance.module.css";

/** Accepts an open finding's risk until a day (the end of it, UTC), with the reason; FinOps and admins. */
export function WaiverForm({ findingId, title, address }: { findingId: string; title: string; address: string }) {
  const [reason, setReason] = useState("");
  const [until, setUntil] = useState("");
  const { error, busy, submit: send } = useFormSubmit();
  async function submit(event: React.FormEvent) {
    event.preventDefault();
    await send(`/api/v1/policy/findings/${findingId}/waiver`, {
      reason,
      until: until ? `${until}T23:59:59Z` : "",
    });
  }
  return (
    <details className={styles.waive}>
      <summary>Waive</summary>
      <form className={styles.waiveForm} onSubmit={submit} aria-label={`Waive ${title} on ${address}`}>
        <label>
          Reason
          <textarea value={reason} maxLength={2000} required rows={2} onChange={(e) => setReason(e.target.value)} />
        </label>
        <label>
          Until
          <input type="date" value={until} required onChange={(e) => setUntil(e.target.value)} />
        </label>
        <button className="button button-primary" type="submit" disabled={busy}>
          Waive finding
        </button>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </details>
  );
}
