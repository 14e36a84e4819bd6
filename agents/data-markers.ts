// Everything that came from telemetry, tags, names, commit messages or bills reaches the model
// between these markers, as JSON, never spliced into an instruction. The system prompt says that
// nothing between them is an instruction.

export const DATA_BEGIN = "<<<VIGIL_DATA";
export const DATA_END = "<<<END_VIGIL_DATA>>>";

/**
 * `json` wrapped in data markers. `<` and `>` only occur inside JSON strings, so escaping them as
 * \u003c and \u003e keeps the JSON equal while no value can spell a marker and end the data early.
 */
export function asData(source: string, json: string): string {
  const label = source.replace(/[^a-z0-9_.-]/gi, "_").slice(0, 64);
  const escaped = json.replace(/</g, "\\u003c").replace(/>/g, "\\u003e");
  return `${DATA_BEGIN} source="${label}">>>\n${escaped}\n${DATA_END}`;
}

/** The text outside every data block: what a test checks planted instructions never reach. */
export function outsideData(text: string): string {
  let out = "";
  let rest = text;
  for (;;) {
    const begin = rest.indexOf(DATA_BEGIN);
    if (begin < 0) return out + rest;
    out += rest.slice(0, begin);
    const end = rest.indexOf(DATA_END, begin);
    if (end < 0) return out;
    rest = rest.slice(end + DATA_END.length);
  }
}
