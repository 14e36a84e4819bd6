import fs from "node:fs";
import path from "node:path";

// Test helpers: the fixture outputs, and an output with one field replaced by raw JSON text (so a
// case can hold 1e400 or a \ud800 escape that no JavaScript value writes).

export function fixtureText(name: string): string {
  return fs.readFileSync(path.join(import.meta.dirname, "fixtures", name), "utf8");
}

export function fixture(name: string): Record<string, unknown> {
  return JSON.parse(fixtureText(name)) as Record<string, unknown>;
}

const HOSTILE = "__HOSTILE_VALUE__";

/** `doc` as JSON text with the value at `at` replaced by `raw` (or removed when raw is undefined). */
export function withRaw(doc: unknown, at: (string | number)[], raw: string | undefined): string {
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  let node = copy;
  for (const key of at.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = at[at.length - 1];
  if (raw === undefined) delete node[last];
  else node[last] = HOSTILE;
  return JSON.stringify(copy).replace(JSON.stringify(HOSTILE), raw ?? "");
}
