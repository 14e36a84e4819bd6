import { createHash } from "node:crypto";

// What a record verb answers, and the hash that tells a re-send with the same content from a change.

export interface RecordOutcome {
  id: string;
  outcome: "created" | "updated" | "unchanged";
}

/** JSON with object keys sorted at every level, so two senders' key orders hash alike. */
function stable(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, stable(v)]));
  }
  return value;
}

export function contentHash(record: object): string {
  return createHash("sha256")
    .update(JSON.stringify(stable(record)))
    .digest("hex");
}
