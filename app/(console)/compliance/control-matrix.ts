import type { ControlRow } from "@/lib/policy/control-summary";

const UNTAGGED = "(untagged)";

export interface ControlLine {
  control: string;
  failed: number;
  cells: Map<string, ControlRow>;
}

/** One line per control, one column per environment (untagged last); failing controls first. */
export function controlMatrix(rows: readonly ControlRow[]): { environments: string[]; lines: ControlLine[] } {
  const environments = [...new Set(rows.map((row) => row.environment || UNTAGGED))].sort((a, b) =>
    a === UNTAGGED ? 1 : b === UNTAGGED ? -1 : a.localeCompare(b),
  );
  const lines = new Map<string, ControlLine>();
  for (const row of rows) {
    const line = lines.get(row.control) ?? { control: row.control, failed: 0, cells: new Map() };
    line.failed += row.failed;
    line.cells.set(row.environment || UNTAGGED, row);
    lines.set(row.control, line);
  }
  const ordered = [...lines.values()].sort(
    (a, b) =>
      Number(b.failed > 0) - Number(a.failed > 0) || a.control.localeCompare(b.control, "en", { numeric: true }),
  );
  return { environments, lines: ordered };
}
