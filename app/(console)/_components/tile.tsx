/** One key figure on a page's row of tiles. */
export function Tile({
  label,
  value,
  hint,
  muted,
  testId,
}: {
  label: string;
  value: string;
  hint?: string;
  muted?: boolean;
  testId?: string;
}) {
  return (
    <div className={muted ? "tile tile-muted" : "tile"} data-testid={testId}>
      <div className="tile-label">{label}</div>
      <div className="tile-value">{value}</div>
      {hint && <div className="tile-hint">{hint}</div>}
    </div>
  );
}
