import type { Checker, Obj } from "./checker";
import { defineSlo, toLabelKey } from "./define-slo";
import type { FieldPath, SliMapping } from "./findings";
import { readObjective, readWindow } from "./openslo-window";
import { describeQueries, mapQueries, parseSli, toMapping, type Queries } from "./sli-mapping";
import { readVigilKeys, scopeOf, type Overrides } from "./vigil-overrides";
import type { Sli, SloDefinition } from "@/lib/slo/schemas";

// A valid OpenSLO v1 SLO in Vigil's shape. The indicator is inline or an SLI named in the same set
// of files; its queries become the Vigil SLI they mean, unless the SLO's `vigil.dev/sli` annotation
// or a `type: vigil` metric source (Vigil's own export) says exactly which.

export type SliIndex = Map<string, Obj>;

export function importOpenSlo(
  c: Checker,
  object: Obj,
  slis: SliIndex,
): { slo: SloDefinition; mapping: SliMapping } | null {
  const metadata = object.metadata as Obj;
  const spec = object.spec as Obj;
  const { overrides } = readVigilKeys(c, (metadata.annotations as Obj | undefined) ?? {}, ["metadata", "annotations"]);
  const indicator = resolveIndicator(c, spec);
  const sliSpec = indicator && (indicator.inline ?? slis.get(indicator.ref ?? ""));
  if (indicator && !sliSpec) c.error(["spec", "indicatorRef"], "names no SLI in these files", indicator.ref);
  const window = readWindow(c, spec, ["spec"]);
  const objective = readObjective(c, spec, ["spec"]);
  if (!sliSpec || !objective) return null;
  const sli = mapSli(c, sliSpec, objective.objective, overrides);
  if (!sli || window === undefined) return null;
  if (Array.isArray(spec.alertPolicies) && spec.alertPolicies.length > 0)
    c.warn(
      ["spec", "alertPolicies"],
      "are checked but not applied: Vigil alerts with the SRE workbook's multi-window burn rates (page and ticket; the annotation vigil.dev/alerting sets them)",
    );
  const scope = scopeOf(String(spec.service), overrides);
  const extras = overrides.extras;
  const input = {
    name: metadata.name,
    displayName: extras["display-name"] ?? metadata.displayName ?? null,
    description: spec.description ?? null,
    ...scope,
    sli: sli.sli,
    objectivePercent: objective.percent,
    window,
    budgetingMethod: spec.budgetingMethod,
    timeSlice: objective.timeSlice,
    alerting: readJson(c, extras.alerting, ["metadata", "annotations", "vigil.dev/alerting"]),
    labels:
      readJson(c, extras.labels, ["metadata", "annotations", "vigil.dev/labels"]) ?? readLabels(c, metadata.labels),
  };
  const slo = defineSlo(
    c,
    input,
    {
      name: ["metadata", "name"],
      displayName: ["metadata", "displayName"],
      description: ["spec", "description"],
      service: ["spec", "service"],
      objectivePercent: objective.percentPath,
      timeSlice: objective.timeSlicePath,
      budgetingMethod: ["spec", "budgetingMethod"],
      labels: ["metadata", "labels"],
      sli: ["spec"],
      alerting: ["metadata", "annotations", "vigil.dev/alerting"],
    },
    ["spec"],
  );
  return slo ? { slo, mapping: toMapping(sli.from, sli.sli, scope, sli.how) } : null;
}

function resolveIndicator(c: Checker, spec: Obj): { inline?: Obj; ref?: string } | null {
  const objectives = (spec.objectives as Obj[] | undefined) ?? [];
  if (objectives.some((o) => o.indicator != null || o.indicatorRef != null)) {
    c.error(["spec", "objectives"], "is a composite SLO (indicators per objective), which Vigil does not import");
    return null;
  }
  const inline = (spec.indicator as Obj | undefined)?.spec as Obj | undefined;
  return inline ? { inline } : { ref: spec.indicatorRef as string };
}

type MappedSli = { sli: Sli; from: string; how: string };

function mapSli(c: Checker, sliSpec: Obj, objective: Obj, overrides: Overrides): MappedSli | null {
  const queries = queriesOf(sliSpec);
  const from = describeQueries(queries) || "(no query)";
  if (overrides.sli) return { sli: overrides.sli, from, how: "set explicitly by the annotation vigil.dev/sli" };
  const vigil = vigilSource(sliSpec);
  if (vigil) {
    const sli = typeof vigil.sli === "string" ? parseSli(vigil.sli) : null;
    if (sli) return { sli, from, how: "a metric source of type vigil (Vigil's own export): read back as it was" };
    c.error(["spec"], "has a metric source of type vigil without a valid spec.sli", vigil.sli);
    return null;
  }
  if (sliSpec.thresholdMetric != null) return mapThreshold(c, queries, objective, from);
  const mapped = mapQueries(queries);
  if ("error" in mapped) {
    c.error(
      ["spec"],
      `the indicator can not be mapped to a Vigil SLI: ${mapped.error}; set the annotation vigil.dev/sli`,
    );
    return null;
  }
  return { sli: mapped.sli, from, how: mapped.how };
}

function mapThreshold(c: Checker, queries: Queries, objective: Obj, from: string): MappedSli | null {
  const op = objective.op;
  if (op !== "lt" && op !== "lte") {
    c.error(
      ["spec", "objectives", 0, "op"],
      "only a threshold kept below a value (lt, lte) maps to a Vigil latency SLI; set the annotation vigil.dev/sli",
      op,
    );
    return null;
  }
  const value = Number(objective.value);
  const seconds = /seconds/i.test(queries.threshold ?? "");
  const thresholdMs = Math.round((seconds ? value * 1000 : value) * 1000) / 1000;
  const unit = seconds
    ? "the query is in seconds, so the value is multiplied by 1000"
    : "the value is taken as milliseconds";
  return {
    sli: { type: "latency", thresholdMs },
    from,
    how: `a threshold metric kept ${op} ${objective.value} is a latency SLI: good spans are faster than the threshold; ${unit}`,
  };
}

function sources(sliSpec: Obj): [string, Obj][] {
  const ratio = (sliSpec.ratioMetric ?? {}) as Obj;
  const metrics: [string, unknown][] = sliSpec.thresholdMetric
    ? [["threshold", sliSpec.thresholdMetric]]
    : ["good", "bad", "total", "raw"].map((key) => [key, ratio[key]]);
  return metrics
    .filter(([, metric]) => metric != null)
    .map(([key, metric]) => [key, ((metric as Obj).metricSource ?? {}) as Obj]);
}

function queriesOf(sliSpec: Obj): Queries {
  const queries: Queries = {};
  const rawType = (sliSpec.ratioMetric as Obj | undefined)?.rawType;
  for (const [key, source] of sources(sliSpec)) {
    const spec = (source.spec ?? {}) as Obj;
    const text = typeof spec.query === "string" ? spec.query : JSON.stringify(spec);
    const name = key === "raw" ? (rawType === "failure" ? "errorRatio" : "good") : key;
    queries[name as keyof Queries] = text;
  }
  return queries;
}

function vigilSource(sliSpec: Obj): Obj | null {
  const found = sources(sliSpec).find(([, source]) => source.type === "vigil" && (source.spec as Obj | undefined)?.sli);
  return found ? (found[1].spec as Obj) : null;
}

function readJson(c: Checker, value: unknown, path: FieldPath): unknown {
  if (typeof value !== "string") return undefined;
  try {
    return JSON.parse(value);
  } catch {
    c.error(path, "must be JSON", value);
    return undefined;
  }
}

/** OpenSLO labels (text or list of text) as Vigil's: lists joined with ',', keys made label names. */
function readLabels(c: Checker, value: unknown): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [key, label] of Object.entries((value as Obj | undefined) ?? {})) {
    const name = toLabelKey(key);
    if (name !== key)
      c.warn(
        ["metadata", "labels", key],
        `is kept as the label "${name}" (Vigil label names are letters, digits and '_')`,
      );
    labels[name] = Array.isArray(label) ? label.join(",") : String(label);
  }
  return labels;
}
