"use client";

import { useState } from "react";
import { useFormSubmit } from "@/app/(console)/_components/use-form-submit";
import styles from "./anomalies.module.css";

interface Watched {
  metric: string;
  addedBy: string;
  services: number;
}

const services = (n: number) => `${n} service${n === 1 ? "" : "s"}`;

function WatchedList({ items, canChange }: { items: Watched[]; canChange: boolean }) {
  const { error, busy, submit } = useFormSubmit();
  if (items.length === 0) return <p className="empty-note">No metric is watched: only traffic and cost are scanned.</p>;
  return (
    <ul className={styles.watched} data-testid="watched-metrics">
      {items.map((item) => (
        <li key={item.metric}>
          <code>{item.metric}</code>
          <span className={styles.muted}>
            {services(item.services)} send it; added by {item.addedBy}
          </span>
          {canChange && (
            <button
              type="button"
              className="button button-quiet"
              disabled={busy}
              onClick={() => void submit("/api/v1/anomalies/metrics", { metric: item.metric, watch: false })}
            >
              Stop watching
            </button>
          )}
        </li>
      ))}
      {error && (
        <li className="form-error" role="alert">
          {error}
        </li>
      )}
    </ul>
  );
}

function WatchForm({ unwatched }: { unwatched: { metric: string; services: number }[] }) {
  const [metric, setMetric] = useState("");
  const { error, busy, submit } = useFormSubmit();
  return (
    <form
      className={styles.triage}
      aria-label="Watch a metric"
      onSubmit={(event) => {
        event.preventDefault();
        void submit("/api/v1/anomalies/metrics", { metric, watch: true }, () => setMetric(""));
      }}
    >
      <label>
        Metric
        <input
          list="unwatched-metrics"
          value={metric}
          onChange={(event) => setMetric(event.target.value)}
          placeholder="system.cpu.utilization"
          maxLength={255}
          required
        />
        <datalist id="unwatched-metrics">
          {unwatched.map((item) => (
            <option key={item.metric} value={item.metric}>
              {services(item.services)}
            </option>
          ))}
        </datalist>
      </label>
      <button className="button button-primary" type="submit" disabled={busy || !metric}>
        Watch
      </button>
      {error && (
        <p className={`form-error ${styles.wide}`} role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

/**
 * The OTLP metrics scanned for anomalies per service: stop watching one, or watch another the
 * services send (or one they will send). Only triagers change the list.
 */
export function WatchedMetrics(props: {
  items: Watched[];
  unwatched: { metric: string; services: number }[];
  canChange: boolean;
}) {
  return (
    <>
      <WatchedList items={props.items} canChange={props.canChange} />
      {props.canChange && <WatchForm unwatched={props.unwatched} />}
    </>
  );
}
