import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document } from "yaml";
import { tooDeep } from "./nesting";
import { MAX_OBJECTS_PER_FILE, MAX_SPEC_BYTES, type FieldPath, type Finding } from "./findings";

// One spec file as a list of objects, each able to say on which line any of its fields sits. A
// document may hold one object or a sequence of them (as `oslo validate` reads them); a document
// that does not parse is a finding and the others are still read.

export type Position = { line: number; column: number };

export type SpecItem = {
  file: string;
  document: number;
  /** 0-based position of the object in the file, across documents. */
  index: number;
  value: unknown;
  /** Where a field of this object (a path from the object's root) is; its nearest present parent if absent. */
  locate: (path: FieldPath) => Position;
};

export type LoadedFile = { items: SpecItem[]; findings: Finding[] };

/** Aliases expand to at most this many nodes per document: a "billion laughs" stops here. */
const MAX_ALIAS_COUNT = 100;

export function fileFinding(file: string, message: string, at: Position = { line: 1, column: 1 }): Finding {
  return { severity: "error", file, ...at, document: 0, index: null, object: null, field: "", value: null, message };
}

export function loadSpecFile(file: string, text: string): LoadedFile {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_SPEC_BYTES)
    return {
      items: [],
      findings: [fileFinding(file, `is ${bytes} bytes; spec files may be at most ${MAX_SPEC_BYTES}`)],
    };
  const deep = tooDeep(text);
  if (deep) return { items: [], findings: [fileFinding(file, deep.message, deep.at)] };
  const lineCounter = new LineCounter();
  const findings: Finding[] = [];
  const items: SpecItem[] = [];
  let documents: Document.Parsed[];
  try {
    documents = Array.from(parseAllDocuments(text, { lineCounter, prettyErrors: true, logLevel: "error" }));
  } catch (error) {
    return { items, findings: [fileFinding(file, `does not parse as YAML: ${(error as Error).message}`)] };
  }
  let capped = false;
  documents.forEach((doc, document) => {
    if (capped) return;
    const place = (offset: number): Position => toPosition(lineCounter, offset);
    const problems = readDocument(doc, place);
    for (const problem of problems)
      findings.push({ ...fileFinding(file, problem.message, problem.at), document, severity: problem.severity });
    if (problems.some((problem) => problem.severity === "error")) return;
    const value = toValue(doc, place, (message, at) => findings.push({ ...fileFinding(file, message, at), document }));
    if (value === undefined || value === null) return;
    const roots: [unknown, FieldPath][] = Array.isArray(value) ? value.map((v, i) => [v, [i]]) : [[value, []]];
    for (const [root, base] of roots) {
      if (items.length >= MAX_OBJECTS_PER_FILE) {
        const message = `holds more than ${MAX_OBJECTS_PER_FILE} objects; the rest are not read`;
        findings.push({ ...fileFinding(file, message, place(offsetOf(doc, base))), document });
        capped = true;
        return;
      }
      const locate = (path: FieldPath) => place(offsetOf(doc, [...base, ...path]));
      items.push({ file, document, index: items.length, value: root, locate });
    }
  });
  if (items.length === 0 && !findings.some((finding) => finding.severity === "error"))
    findings.push({ ...fileFinding(file, "holds no OpenSLO object or Sloth spec"), severity: "warning" });
  return { items, findings };
}

type Problem = { severity: "error" | "warning"; message: string; at: Position };

function readDocument(doc: Document.Parsed, place: (offset: number) => Position): Problem[] {
  const problems: Problem[] = [];
  for (const error of doc.errors)
    problems.push({
      severity: "error",
      message: `does not parse as YAML: ${firstLine(error.message)}`,
      at: place(error.pos[0]),
    });
  for (const warning of doc.warnings)
    problems.push({ severity: "warning", message: firstLine(warning.message), at: place(warning.pos[0]) });
  return problems;
}

function toValue(
  doc: Document.Parsed,
  place: (offset: number) => Position,
  refuse: (message: string, at: Position) => void,
): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const message =
      error instanceof ReferenceError && /alias/i.test(error.message)
        ? `aliases expand to too many nodes (more than ${MAX_ALIAS_COUNT}); is this a YAML bomb?`
        : `can not be read: ${firstLine((error as Error).message)}`;
    refuse(message, place(doc.range[0]));
    return undefined;
  }
}

const firstLine = (message: string) => message.split("\n")[0] ?? message;

function toPosition(lineCounter: LineCounter, offset: number): Position {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

/** The offset of a field's key (or sequence item); the nearest present parent when it is absent. */
function offsetOf(doc: Document.Parsed, path: FieldPath): number {
  let node: unknown = doc.contents;
  let offset = startOf(node) ?? doc.range[0];
  for (const part of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === part);
      if (!pair) break;
      offset = startOf(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof part === "number" && node.items[part] !== undefined) {
      node = node.items[part];
      offset = startOf(node) ?? offset;
    } else break;
  }
  return offset;
}

function startOf(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range?.[0];
}
