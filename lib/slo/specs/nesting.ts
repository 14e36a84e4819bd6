import type { Position } from "./yaml-file";

// The YAML parser recurses once per nesting level, and near the stack's end V8 may abort the whole
// process instead of throwing. Specs nest a dozen levels; anything past these limits is refused
// before parsing. Brackets are counted outside quotes and comments; block nesting by its columns.

const MAX_FLOW_DEPTH = 100;
const MAX_BLOCK_COLUMNS = 200;

/** Where the text first nests too deeply, with why; null when it is within the limits. */
export function tooDeep(text: string): { at: Position; message: string } | null {
  let depth = 0;
  const lines = text.split(/\r\n|\r|\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? "";
    const block = /^[ \t]*(?:[-?][ \t]+)*/.exec(line)?.[0] ?? "";
    if (block.length > MAX_BLOCK_COLUMNS)
      return {
        at: { line: index + 1, column: 1 },
        message: `nests more than ${MAX_BLOCK_COLUMNS} columns deep; not read`,
      };
    const result = scanFlow(line, depth);
    if (result.tooDeepAt !== null)
      return {
        at: { line: index + 1, column: result.tooDeepAt + 1 },
        message: `nests more than ${MAX_FLOW_DEPTH} brackets deep; not read`,
      };
    depth = result.depth;
  }
  return null;
}

function scanFlow(line: string, start: number): { depth: number; tooDeepAt: number | null } {
  let depth = start;
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quote) {
      if (char === "\\" && quote === '"') i++;
      else if (char === quote) quote = null;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === "#" && (i === 0 || /\s/.test(line[i - 1] ?? ""))) break;
    else if (char === "[" || char === "{") {
      depth++;
      if (depth > MAX_FLOW_DEPTH) return { depth, tooDeepAt: i };
    } else if ((char === "]" || char === "}") && depth > 0) depth--;
  }
  return { depth, tooDeepAt: null };
}
