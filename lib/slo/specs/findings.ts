import type { SloDefinition } from "@/lib/slo/schemas";

// What reading spec files hands back: the SLOs they define, each with where it came from and how
// its SLI was mapped to one Vigil can measure, and every problem found, each naming file, line,
// column and field.

/** A field inside a YAML document: keys and sequence positions from the document's root. */
export type FieldPath = (string | number)[];

export type Finding = {
  severity: "error" | "warning";
  file: string;
  /** 1-based, as editors show them. */
  line: number;
  column: number;
  /** 0-based YAML document (`---`) in the file. */
  document: number;
  /** 0-based object in the file across documents, as `oslo validate` counts (a Sloth spec is one object). */
  index: number | null;
  /** The object as `oslo validate` names it, e.g. `v1.SLO 'web-availability'`, or a Sloth SLO's name. */
  object: string | null;
  /** Dotted path inside the object, e.g. `spec.objectives[0].op`; empty for the whole file or document. */
  field: string;
  /** The offending value as text, when there is one. */
  value: string | null;
  message: string;
};

export type SpecSource = { file: string; document: number; index: number; line: number };

/** How a foreign SLI (a Prometheus query, say) became one Vigil reads from traces; shown to people. */
export type SliMapping = { from: string; to: string; how: string };

export type ImportedSlo = { slo: SloDefinition; source: SpecSource; mapping: SliMapping };

export type SpecResult = { slos: ImportedSlo[]; findings: Finding[] };

/** `["spec", "objectives", 0, "op"]` → `spec.objectives[0].op`. */
export function formatPath(path: FieldPath): string {
  let text = "";
  for (const part of path) {
    if (typeof part === "number") text += `[${part}]`;
    else text += text ? `.${part}` : part;
  }
  return text;
}

/** A value as findings show it: scalars as text, long text cut, objects left out. */
export function showValue(value: unknown): string | null {
  if (value === null || value === undefined || typeof value === "object") return null;
  const text = String(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** Files, documents and objects larger than this are refused: specs are small, bombs are not. */
export const MAX_SPEC_BYTES = 1024 * 1024;
export const MAX_OBJECTS_PER_FILE = 1000;
