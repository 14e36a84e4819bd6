import { Checker, isObj, type Obj } from "./checker";
import { defineSlo, toDnsLabel } from "./define-slo";
import type { FieldPath, SliMapping } from "./findings";
import { describeQueries, mapQueries, toMapping, type Mapped, type Queries } from "./sli-mapping";
import { mergeOverrides, readVigilKeys, readVigilQuery, scopeOf, type Overrides } from "./vigil-overrides";
import type { SloDefinition } from "@/lib/slo/schemas";
import { text } from "@/lib/validation";

// Sloth `prometheus/v1` specs: one service, its labels, and a list of SLOs with objective (percent)
// and alerting. Names become `<service>-<slo>` as a DNS label; the Prometheus queries become the
// Vigil SLI they mean (sli-mapping.ts). Each SLO is read on its own: one bad SLO leaves the others.

type Report = { label: string | null; index: number | null; checker: Checker };
type Imported = { slo: SloDefinition; mapping: SliMapping; path: FieldPath; label: string };

const SPEC_FIELDS = ["version", "service", "labels", "slos"];
const SLO_FIELDS = ["name", "objective", "description", "labels", "sli", "alerting", "time_window"];

export function importSloth(spec: Obj): { reports: Report[]; slos: Imported[] } {
  const top = new Checker();
  top.known(spec, [], SPEC_FIELDS, "warning");
  const service = top.string(spec, "service", [], { required: true });
  const labels = asText(top.obj(spec.labels, ["labels"]));
  const slos = top.list(spec, "slos", []);
  if (slos !== undefined && slos.length === 0) top.error(["slos"], "must list at least one SLO");
  if (slos === undefined && spec.slos == null) top.error(["slos"], "property is required but was empty");
  const reports: Report[] = [{ label: null, index: null, checker: top }];
  const imported: Imported[] = [];
  (slos ?? []).forEach((slo, i) => {
    const c = new Checker();
    const label = isObj(slo) && typeof slo.name === "string" ? slo.name : `slos[${i}]`;
    reports.push({ label, index: i, checker: c });
    if (service === undefined) return;
    const result = importSlothSlo(c, slo, ["slos", i], service, labels);
    if (result) imported.push({ ...result, path: ["slos", i], label });
  });
  return { reports, slos: imported };
}

function importSlothSlo(c: Checker, value: unknown, path: FieldPath, service: string, specLabels: Obj) {
  const slo = c.obj(value, path);
  if (!slo) return null;
  c.known(slo, path, SLO_FIELDS, "warning");
  const name = c.string(slo, "name", path, { required: true });
  const sloLabels = asText(c.obj(slo.labels, [...path, "labels"]));
  const { overrides: labelOverrides, rest: labels } = readVigilKeys(c, { ...specLabels, ...sloLabels }, [
    ...path,
    "labels",
  ]);
  const sli = readSli(c, slo.sli, [...path, "sli"], labelOverrides);
  if (name === undefined || !sli) return null;
  const scope = scopeOf(service, sli.overrides);
  const sloName = readName(c, sli.overrides, scope.service, name, path);
  if (sloName === null) return null;
  const extras = sli.overrides.extras;
  const input = {
    name: sloName,
    displayName: extras.displayName ?? null,
    description: slo.description ?? null,
    ...scope,
    sli: sli.sli,
    objectivePercent: slo.objective,
    window: slo.time_window ?? extras.window ?? "30d",
    budgetingMethod: extras.budgetingMethod,
    timeSlice: extras.timeSlice ?? null,
    alerting: readAlerting(c, slo.alerting, [...path, "alerting"]),
    labels,
  };
  const at = (key: string) => [...path, key];
  const definition = defineSlo(
    c,
    input,
    {
      name: at("name"),
      description: at("description"),
      objectivePercent: at("objective"),
      window: at("time_window"),
      labels: at("labels"),
      alerting: at("alerting"),
      service: ["service"],
      sli: at("sli"),
    },
    path,
  );
  return definition ? { slo: definition, mapping: toMapping(sli.from, sli.sli, scope, sli.how) } : null;
}

function readName(c: Checker, overrides: Overrides, service: string, name: string, path: FieldPath): string | null {
  if (typeof overrides.extras.name === "string") return overrides.extras.name;
  const clean = text(200, 1).safeParse(name);
  if (!clean.success) {
    c.error([...path, "name"], clean.error.issues[0]?.message ?? "is not valid text", name);
    return null;
  }
  const joined = `${service}-${name}`;
  const label = toDnsLabel(joined);
  if (label !== joined) c.warn([...path, "name"], `"${joined}" is not a DNS label; the SLO is named "${label}"`, name);
  return label;
}

function readSli(c: Checker, value: unknown, path: FieldPath, labelOverrides: Overrides) {
  const sli = c.obj(value, path);
  if (!sli) {
    if (value == null) c.error(path, "property is required but was empty");
    return null;
  }
  c.known(sli, path, ["events", "raw", "plugin"]);
  const kinds = ["events", "raw", "plugin"].filter((key) => sli[key] != null);
  if (kinds.length !== 1) {
    c.error(
      path,
      kinds.length === 0 ? "must have one of events, raw or plugin" : `must have only one of ${kinds.join(", ")}`,
    );
    return null;
  }
  const queries = readQueries(c, sli, path);
  if (!queries) return null;
  const vigil = queries.bad !== undefined ? readVigilQuery(c, queries.bad, [...path, "events", "error_query"]) : null;
  const overrides = mergeOverrides(labelOverrides, vigil);
  const from = describeQueries(queries);
  if (overrides.sli) return { sli: overrides.sli, overrides, from, how: overrideHow(vigil !== null) };
  if (kinds[0] === "plugin") {
    c.error(
      [...path, "plugin"],
      "a Sloth plugin SLI can not be read by Vigil; set the label vigil.dev/sli (e.g. availability)",
    );
    return null;
  }
  const mapped: Mapped = mapQueries(queries);
  if ("error" in mapped) {
    c.error(path, `can not be mapped to a Vigil SLI: ${mapped.error}; set the label vigil.dev/sli`);
    return null;
  }
  return { sli: mapped.sli, overrides, from, how: mapped.how };
}

const overrideHow = (exported: boolean) =>
  exported ? "written by Vigil's Sloth export: read back as it was" : "set explicitly by the label vigil.dev/sli";

function readQueries(c: Checker, sli: Obj, path: FieldPath): Queries | null {
  if (sli.plugin != null) return { bad: JSON.stringify(sli.plugin) };
  if (sli.raw != null) {
    const raw = c.obj(sli.raw, [...path, "raw"]);
    const ratio = raw && c.string(raw, "error_ratio_query", [...path, "raw"], { required: true });
    return ratio ? { errorRatio: ratio } : null;
  }
  const events = c.obj(sli.events, [...path, "events"]);
  if (!events) return null;
  c.known(events, [...path, "events"], ["error_query", "total_query"]);
  const bad = c.string(events, "error_query", [...path, "events"], { required: true });
  const total = c.string(events, "total_query", [...path, "events"], { required: true });
  return bad !== undefined && total !== undefined ? { bad, total } : null;
}

function readAlerting(c: Checker, value: unknown, path: FieldPath): unknown {
  const alerting = c.obj(value, path);
  if (!alerting) return undefined;
  c.known(alerting, path, ["name", "labels", "annotations", "page_alert", "ticket_alert"], "warning");
  const severity = (key: string) => {
    const alert = c.obj(alerting[key], [...path, key]) ?? {};
    c.known(alert, [...path, key], ["disable", "labels", "annotations"], "warning");
    return {
      enabled: !(c.bool(alert, "disable", [...path, key]) ?? false),
      labels: asText(alert.labels),
      annotations: asText(alert.annotations),
    };
  };
  return {
    name: alerting.name ?? null,
    labels: asText(alerting.labels),
    annotations: asText(alerting.annotations),
    page: severity("page_alert"),
    ticket: severity("ticket_alert"),
  };
}

/** Label values as Sloth's Go decoder reads them: `tier: 2` is the text "2"; other values are left for the schema to refuse. */
function asText(value: unknown): Obj {
  if (!isObj(value)) return value === undefined || value === null ? {} : (value as Obj);
  const scalar = (item: unknown) => (typeof item === "number" || typeof item === "boolean" ? String(item) : item);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scalar(item)]));
}
