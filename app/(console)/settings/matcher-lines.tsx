import styles from "./notifications.module.css";

/** A line for each non-empty list ("services: checkout, api"), each whole in its title; `empty` when none. */
export function MatcherLines({ lists, empty }: { lists: Record<string, readonly string[]>; empty: string }) {
  const lines = Object.entries(lists).flatMap(([name, values]) =>
    values.length ? [`${name}: ${values.join(", ")}`] : [],
  );
  if (lines.length === 0) return <span className="muted">{empty}</span>;
  return (
    <>
      {lines.map((line) => (
        <span key={line} className={styles.line} title={line}>
          {line}
        </span>
      ))}
    </>
  );
}
