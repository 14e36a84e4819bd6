"use client";

import { useState } from "react";
import { ANOMALY_STATUSES } from "@/lib/anomalies/schemas";
import { useFormSubmit } from "@/app/(console)/_components/use-form-submit";
import { STATUS_LABELS } from "../anomaly-format";
import styles from "../anomalies.module.css";

/** A triage step: the state, who has it, a note, a trace that shows it; each lands in the history. */
export function TriageForm({ id, status, assignee }: { id: string; status: string; assignee: string | null }) {
  const [next, setNext] = useState(status);
  const [owner, setOwner] = useState(assignee ?? "");
  const [comment, setComment] = useState("");
  const [traceId, setTraceId] = useState("");
  const { error, busy, submit: send } = useFormSubmit();
  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const body = {
      ...(next !== status ? { status: next } : {}),
      ...(owner !== (assignee ?? "") ? { assignee: owner || null } : {}),
      ...(comment ? { comment } : {}),
      ...(traceId ? { traceId } : {}),
    };
    await send(`/api/v1/anomalies/${id}/triage`, body, () => {
      setComment("");
      setTraceId("");
    });
  }
  return (
    <form className={styles.triage} onSubmit={submit} aria-label="Triage">
      <label>
        Status
        <select value={next} onChange={(e) => setNext(e.target.value)}>
          {ANOMALY_STATUSES.map((value) => (
            <option key={value} value={value}>
              {STATUS_LABELS[value]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Assignee
        <input value={owner} maxLength={200} placeholder="unassigned" onChange={(e) => setOwner(e.target.value)} />
      </label>
      <label>
        Trace id
        <input
          value={traceId}
          pattern="[0-9a-f]{32}"
          title="32 lowercase hex digits"
          placeholder="optional"
          onChange={(e) => setTraceId(e.target.value.trim())}
        />
      </label>
      <label className={styles.wide}>
        Comment
        <textarea value={comment} maxLength={4000} rows={2} onChange={(e) => setComment(e.target.value)} />
      </label>
      <button className="button button-primary" type="submit" disabled={busy}>
        Save
      </button>
      {error && (
        <p className={`form-error ${styles.wide}`} role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
