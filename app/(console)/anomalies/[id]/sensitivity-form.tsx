"use client";

import { useState } from "react";
import { useFormSubmit } from "@/app/(console)/_components/use-form-submit";
import styles from "../anomalies.module.css";

interface Preview {
  days: number;
  current: { level: string; episodes: unknown[] };
  proposed: { level: string; episodes: { start: string; severity: string }[] };
}

const LEVELS = ["low", "medium", "high", "off"] as const;

/** Choose how readily this series pages: preview the last 7 days (4 weeks of cost) at a level, then save it. */
export function SensitivityForm({ service, series, level }: { service: string; series: string; level: string }) {
  const [chosen, setChosen] = useState(level);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const { error, busy, submit } = useFormSubmit();
  async function show() {
    setProblem(null);
    const response = await fetch("/api/v1/anomalies/sensitivity/preview", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ service, series, level: chosen }),
    }).catch(() => null);
    const answer = await response?.json().catch(() => null);
    if (!response?.ok) setProblem(answer?.error?.message ?? `Failed (${response?.status ?? "network error"})`);
    else setPreview(answer);
  }
  const count = (n: number) => `${n} episode${n === 1 ? "" : "s"}`;
  return (
    <form
      className={styles.triage}
      aria-label="Sensitivity"
      onSubmit={(event) => {
        event.preventDefault();
        void submit("/api/v1/anomalies/sensitivity", { service, series, level: chosen });
      }}
    >
      <label>
        Level for {service}
        <select value={chosen} onChange={(e) => (setChosen(e.target.value), setPreview(null))}>
          {LEVELS.map((value) => (
            <option key={value} value={value}>
              {value}
              {value === level ? " (in force)" : ""}
            </option>
          ))}
        </select>
      </label>
      {series !== "metric" && (
        <button className="button" type="button" onClick={show}>
          Preview last {series === "cost" ? "4 weeks" : "7 days"}
        </button>
      )}
      <button className="button button-primary" type="submit" disabled={busy || chosen === level}>
        Save level
      </button>
      {preview && (
        <p className={styles.wide} data-testid="sensitivity-preview">
          {preview.current.level} (in force): {count(preview.current.episodes.length)}; {preview.proposed.level}:{" "}
          {count(preview.proposed.episodes.length)} in the last {preview.days} days
        </p>
      )}
      {(problem ?? error) && (
        <p className={`form-error ${styles.wide}`} role="alert">
          {problem ?? error}
        </p>
      )}
    </form>
  );
}
