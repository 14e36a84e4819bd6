"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import styles from "./drift.module.css";

const FORMATS = [
  ["terraform-show", "terraform show -json <plan>"],
  ["terraform-plan-jsonl", "terraform plan -json (lines)"],
  ["driftctl", "driftctl scan --output json"],
] as const;

/** Sends a plan, plan stream or driftctl scan to the drift import API. */
export function DriftUpload() {
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<string>(FORMATS[0][0]);
  const [workspace, setWorkspace] = useState("default");
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (!file) return;
    const query = new URLSearchParams({ format, workspace, name: file.name });
    const response = await fetch(`/api/v1/drift/imports?${query}`, { method: "POST", body: file });
    const body = await response.json().catch(() => ({}));
    setOutcome(
      response.ok
        ? {
            ok: true,
            text: body.duplicate
              ? "The same file as this workspace's last import: nothing changed."
              : `${body.drifted} changed, ${body.missing} deleted outside Terraform, ${body.unmanaged} unmanaged; ${body.resolved} resolved.`,
          }
        : { ok: false, text: body.error?.message ?? `Failed (${response.status})` },
    );
    if (response.ok) router.refresh();
  }
  return (
    <form className={styles.upload} onSubmit={submit} aria-label="Import a drift file">
      <label>
        Format
        <select value={format} onChange={(e) => setFormat(e.target.value)}>
          {FORMATS.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      </label>
      <label>
        Workspace
        <input value={workspace} maxLength={200} onChange={(e) => setWorkspace(e.target.value)} />
      </label>
      <label>
        File
        <input type="file" accept=".json,.jsonl,.txt" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </label>
      <button className="button button-primary" type="submit" disabled={!file || !workspace}>
        Import
      </button>
      {outcome && (
        <p className={outcome.ok ? "form-ok" : "form-error"} data-testid="drift-outcome">
          {outcome.text}
        </p>
      )}
    </form>
  );
}
