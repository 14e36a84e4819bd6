import { Checker, isObj, type Issue, type Obj } from "./checker";
import { formatPath, showValue, type FieldPath, type Finding, type ImportedSlo, type SpecResult } from "./findings";
import { importOpenSlo, type SliIndex } from "./openslo-import";
import { validateOpenSlo } from "./openslo-validate";
import { importSloth } from "./sloth-import";
import { loadSpecFile, type LoadedFile, type SpecItem } from "./yaml-file";

// Spec files in, Vigil SLOs out: every object of every file is validated on its own (OpenSLO as
// `oslo validate` does, Sloth as Sloth reads it), references between OpenSLO objects resolve across
// the whole set, and every problem becomes a finding naming file, line, column and field.

/** Reads one YAML file that may hold several documents of OpenSLO v1 objects and Sloth specs. */
export function parseSpecs(fileName: string, text: string): SpecResult {
  return resolveSpecs([loadSpecFile(fileName, text)]);
}

type Found = ImportedSlo & { item: SpecItem; namePath: FieldPath };

type Pending = { item: SpecItem; object: Obj; label: string };

/** Reads a set of loaded files together: an SLO may name an SLI from another file of the set. */
export function resolveSpecs(files: LoadedFile[]): SpecResult {
  const findings = files.flatMap((file) => file.findings);
  const found: Found[] = [];
  const pending: Pending[] = [];
  const slis: SliIndex = new Map();
  const report = (item: SpecItem, c: Checker, label: string | null, base: FieldPath = []) =>
    findings.push(...c.issues.map((issue) => toFinding(issue, item, label, base)));
  for (const item of files.flatMap((file) => file.items)) {
    const c = new Checker();
    const value = item.value;
    guarded(c, () => {
      if (!isObj(value))
        c.error([], "must be a mapping: an OpenSLO object (apiVersion, kind) or a Sloth spec (version)", value);
      else if ("apiVersion" in value) readOpenSlo(c, item, value, pending, slis);
      else if ("version" in value) readSloth(c, item, value, found, report);
      else
        c.error([], "is neither an OpenSLO object (apiVersion: openslo/v1) nor a Sloth spec (version: prometheus/v1)");
    });
    report(item, c, labelOf(value));
  }
  for (const { item, object, label } of pending) {
    const c = new Checker();
    const imported = guarded(c, () => importOpenSlo(c, object, slis));
    report(item, c, label);
    if (imported) found.push({ ...imported, source: sourceOf(item, []), item, namePath: ["metadata", "name"] });
  }
  // The first definition in file order wins, whichever kind of spec it came from.
  const items = files.flatMap((file) => file.items);
  const order = (entry: Found) => items.indexOf(entry.item);
  found.sort((a, b) => order(a) - order(b) || a.source.line - b.source.line);
  const slos = withoutDuplicates(found, findings);
  findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  return { slos, findings };
}

/** A bug met by one object's input is that object's finding: the other objects are still read. */
function guarded<T>(c: Checker, read: () => T): T | null {
  try {
    return read();
  } catch (error) {
    c.error([], `could not be read (${error instanceof Error ? error.message : String(error)})`);
    return null;
  }
}

function readOpenSlo(c: Checker, item: SpecItem, value: Obj, pending: Pending[], slis: SliIndex): void {
  if (value.apiVersion !== "openslo/v1") {
    c.error(
      ["apiVersion"],
      "unsupported apiVersion; Vigil reads openslo/v1 (and Sloth prometheus/v1 specs)",
      value.apiVersion,
    );
    return;
  }
  const checked = validateOpenSlo(value);
  c.issues.push(...checked.checker.issues);
  if (checked.checker.failed) return;
  if (checked.kind === "SLI" && checked.name) slis.set(checked.name, (value.spec ?? {}) as Obj);
  if (checked.kind === "SLO") pending.push({ item, object: value, label: checked.label });
}

function readSloth(
  c: Checker,
  item: SpecItem,
  value: Obj,
  found: Found[],
  report: (item: SpecItem, c: Checker, label: string | null) => void,
): void {
  if (value.version !== "prometheus/v1") {
    c.error(["version"], "unsupported Sloth version; Vigil reads prometheus/v1", value.version);
    return;
  }
  const { reports, slos } = importSloth(value);
  for (const entry of reports) report(item, entry.checker, entry.label);
  for (const slo of slos)
    found.push({
      slo: slo.slo,
      mapping: slo.mapping,
      source: sourceOf(item, slo.path),
      item,
      namePath: [...slo.path, "name"],
    });
}

function labelOf(value: unknown): string | null {
  if (!isObj(value) || !("apiVersion" in value)) return null;
  const name = (value.metadata as Obj | undefined)?.name;
  const kind = typeof value.kind === "string" ? value.kind : "?";
  return `v1.${kind}${typeof name === "string" && name !== "" ? ` '${name}'` : ""}`;
}

function sourceOf(item: SpecItem, path: FieldPath) {
  return { file: item.file, document: item.document, index: item.index, line: item.locate(path).line };
}

function toFinding(issue: Issue, item: SpecItem, label: string | null, base: FieldPath): Finding {
  const path = [...base, ...issue.path];
  return {
    severity: issue.severity,
    file: item.file,
    ...item.locate(path),
    document: item.document,
    index: item.index,
    object: label,
    field: formatPath(path),
    value: showValue(issue.value),
    message: issue.message,
  };
}

/** Two SLOs of one name would overwrite each other: the first is kept, each later one is a finding. */
function withoutDuplicates(found: Found[], findings: Finding[]): ImportedSlo[] {
  const first = new Map<string, Found>();
  const kept: ImportedSlo[] = [];
  for (const entry of found) {
    const earlier = first.get(entry.slo.name);
    if (!earlier) {
      first.set(entry.slo.name, entry);
      kept.push({ slo: entry.slo, source: entry.source, mapping: entry.mapping });
      continue;
    }
    const issue: Issue = {
      severity: "error",
      path: entry.namePath,
      value: entry.slo.name,
      message: `SLO name "${entry.slo.name}" is also defined in ${earlier.source.file} line ${earlier.item.locate(earlier.namePath).line}; this one is not used`,
    };
    findings.push(toFinding(issue, entry.item, entry.slo.name, []));
  }
  return kept;
}
