import Link from "next/link";
import type { ReactNode } from "react";
import styles from "./overview.module.css";

/** A key figure with how it moved against the period before and, optionally, where to read more. */
export function DeltaTile({
  label,
  value,
  delta,
  hint,
  tone,
  href,
  testId,
}: {
  label: string;
  value: string;
  /** "▲ $1,204 (+4.1%) vs …": already worded; null when there is nothing to compare with. */
  delta: string | null;
  hint?: ReactNode;
  tone?: "ok" | "warn" | "bad";
  href?: string;
  testId?: string;
}) {
  return (
    <div className={`tile ${tone ? styles[tone] : ""}`} data-testid={testId}>
      <div className="tile-label">{href ? <Link href={href}>{label}</Link> : label}</div>
      <div className="tile-value">{value}</div>
      {delta && (
        <div className={styles.delta} data-testid={testId ? `${testId}-change` : undefined}>
          {delta}
        </div>
      )}
      {hint && <div className="tile-hint">{hint}</div>}
    </div>
  );
}
