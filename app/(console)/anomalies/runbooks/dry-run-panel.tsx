"use client";

import { useState } from "react";
import type { RequestView } from "@/lib/runbooks/schemas";
import { ApiError, sendJson } from "../../_components/send-json";
import { RequestText } from "./request-text";
import styles from "./runbooks.module.css";

/**
 * "Dry run": the exact request the saved runbook would send, rendered for a real anomaly when its
 * id is given, else for a sample; nothing is sent.
 */
export function DryRunPanel({ runbookId }: { runbookId: string }) {
  const [anomalyId, setAnomalyId] = useState("");
  const [request, setRequest] = useState<RequestView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function dryRun() {
    setBusy(true);
    try {
      const id = anomalyId.trim();
      setRequest(
        await sendJson<RequestView>(`/api/v1/runbooks/${runbookId}/dry-run`, "POST", id ? { anomalyId: id } : {}),
      );
      setProblem(null);
    } catch (error) {
      setRequest(null);
      setProblem(
        error instanceof ApiError
          ? error.field
            ? `${error.field}: ${error.message}`
            : error.message
          : "Could not reach Vigil",
      );
    } finally {
      setBusy(false);
    }
  }
  return (
    <div>
      <div className={styles.dryRun}>
        <label>
          Anomaly id (optional)
          <input
            value={anomalyId}
            maxLength={100}
            placeholder="blank: a sample anomaly or SLO alert"
            onChange={(e) => setAnomalyId(e.target.value)}
          />
        </label>
        <button type="button" className="button" onClick={dryRun} disabled={busy}>
          {busy ? "Rendering…" : "Dry run"}
        </button>
      </div>
      {request && <RequestText request={request} />}
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
