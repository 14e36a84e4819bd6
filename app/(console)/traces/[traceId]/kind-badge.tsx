import styles from "./trace.module.css";

/** OTLP SpanKind 0..5 by number. */
const KINDS = ["Unspecified", "Internal", "Server", "Client", "Producer", "Consumer"];

/** The span's kind as a small badge, coloured by kind. */
export function KindBadge({ kind }: { kind: number }) {
  const name = KINDS[kind] ?? `Kind ${kind}`;
  return (
    <span
      className={`${styles.kind} ${styles[`kind${kind}`] ?? ""}`}
      title={`Span kind: ${name}`}
      data-testid="span-kind"
    >
      {name}
    </span>
  );
}
