// COPY rows made comparable, for the tests that check two writers give the same rows (wire.test.ts).

import { SPAN_COLUMNS as COLUMNS, type SpanBatch } from "@/lib/traces/span-batch";

const JSON_COLUMNS = new Set(["attributes", "events", "links"]);

/** COPY text rows as column objects, JSON columns parsed (key order and repeats do not matter in JSONB). */
function rowsOf(text: string | Buffer) {
  const lines = text.toString().split("\n").slice(0, -1);
  return lines.map((line) =>
    Object.fromEntries(
      line.split("\t").map((raw, i) => {
        const value =
          raw === "\\N" ? null : raw.replace(/\\(.)/g, (_, c: string) => ({ t: "\t", n: "\n", r: "\r" })[c] ?? c);
        return [COLUMNS[i], value !== null && JSON_COLUMNS.has(COLUMNS[i]) ? JSON.parse(value) : value];
      }),
    ),
  );
}

export function comparable(batch: SpanBatch) {
  return {
    rows: rowsOf(batch.rows),
    count: batch.count,
    days: [...batch.days].sort(),
    lateMinutes: [...batch.lateMinutes].sort(),
    origins: [...batch.origins].sort(([a], [b]) => (a < b ? -1 : 1)),
    newKeys: [...batch.newKeys].sort(),
    rejected: batch.rejected,
    reasons: batch.reasons,
  };
}
