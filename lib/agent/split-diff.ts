// A unified diff as the two texts it relates: context and removed lines are the before side,
// context and added lines the after side. Hunks are asked to hold whole blocks, so each side
// parses as HCL on its own and the blocks can be compared. Line counts in the hunk headers are
// checked: a diff whose hunks do not add up is malformed, whatever its content looks like.

export type DiffSides = { ok: true; before: string; after: string; hunks: number } | { ok: false; error: string };

const HUNK = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/;
const HEADER =
  /^(diff --git |index |--- |\+\+\+ |new file mode |deleted file mode |similarity index |rename (from|to) )/;

interface Hunk {
  expectBefore: number;
  expectAfter: number;
  before: string[];
  after: string[];
}

function closeHunk(hunk: Hunk | null, index: number): string | null {
  if (!hunk) return null;
  if (hunk.before.length !== hunk.expectBefore || hunk.after.length !== hunk.expectAfter)
    return `hunk ${index} says -${hunk.expectBefore} +${hunk.expectAfter} lines but holds -${hunk.before.length} +${hunk.after.length}`;
  return null;
}

export function splitDiff(diff: string): DiffSides {
  const lines = diff.replace(/\r\n/g, "\n").split("\n");
  if (lines.at(-1) === "") lines.pop();
  const hunks: Hunk[] = [];
  let current: Hunk | null = null;
  for (const [i, line] of lines.entries()) {
    const header = HUNK.exec(line);
    if (header) {
      const problem = closeHunk(current, hunks.length);
      if (problem) return { ok: false, error: problem };
      current = { expectBefore: Number(header[1] ?? 1), expectAfter: Number(header[2] ?? 1), before: [], after: [] };
      hunks.push(current);
      continue;
    }
    if (!current) {
      if (HEADER.test(line) || line.trim() === "") continue;
      return { ok: false, error: `line ${i + 1} comes before the first @@ hunk header` };
    }
    if (line.startsWith("\\")) continue;
    const mark = line[0] ?? " ";
    const content = line.slice(1);
    if (mark === " " || line === "") {
      current.before.push(content);
      current.after.push(content);
    } else if (mark === "-") current.before.push(content);
    else if (mark === "+") current.after.push(content);
    else return { ok: false, error: `line ${i + 1} starts with neither space, - nor +` };
  }
  const problem = closeHunk(current, hunks.length);
  if (problem) return { ok: false, error: problem };
  if (!hunks.length) return { ok: false, error: "no @@ hunk in the diff" };
  return {
    ok: true,
    before: hunks.map((h) => h.before.join("\n")).join("\n\n"),
    after: hunks.map((h) => h.after.join("\n")).join("\n\n"),
    hunks: hunks.length,
  };
}
