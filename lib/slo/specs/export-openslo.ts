import { stringify } from "yaml";
import type { SloDefinition } from "@/lib/slo/schemas";
import { percentToRatio, toDnsLabel } from "./define-slo";
import { describeSli, formatSli } from "./sli-mapping";

// An SLO as OpenSLO v1 YAML (a Service and an SLO with its indicator inline) that `oslo validate`
// accepts. The indicator's metric source is `type: vigil`: Vigil reads it from traces. What OpenSLO
// has no field for rides in `vigil.dev/*` annotations, so reading the file back gives the same SLO.

const OPENSLO_LABEL_KEY = /^[a-zA-Z0-9]([-._a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$/;
/** Calendar windows start on a Monday (weeks) or a month's first day, midnight UTC. */
const CALENDAR_START = "2024-01-01 00:00:00";

const DEFAULT_ALERTING = JSON.stringify({
  name: null,
  labels: {},
  annotations: {},
  page: { enabled: true, labels: {}, annotations: {} },
  ticket: { enabled: true, labels: {}, annotations: {} },
});

export function toOpenSlo(slo: SloDefinition): string {
  const service = toDnsLabel(slo.service) || "service";
  const documents = [
    {
      apiVersion: "openslo/v1",
      kind: "Service",
      metadata: { name: service, ...(slo.service.length <= 63 ? { displayName: slo.service } : {}) },
      spec: { description: `Vigil service ${slo.service}`.slice(0, 1050) },
    },
    {
      apiVersion: "openslo/v1",
      kind: "SLO",
      metadata: sloMetadata(slo),
      spec: {
        ...(slo.description ? { description: slo.description } : {}),
        service,
        indicator: indicator(slo),
        budgetingMethod: slo.budgetingMethod,
        timeWindow: [timeWindow(slo.window)],
        objectives: [objective(slo)],
      },
    },
  ];
  const header = "# Exported by Vigil. The SLI is read by Vigil from traces (metric source type: vigil).\n";
  return header + documents.map((doc) => stringify(doc, { lineWidth: 0 })).join("---\n");
}

function sloMetadata(slo: SloDefinition) {
  const annotations: Record<string, string> = { "vigil.dev/service": slo.service };
  if (slo.operation) annotations["vigil.dev/operation"] = slo.operation;
  if (slo.environment) annotations["vigil.dev/environment"] = slo.environment;
  if (slo.feature) annotations["vigil.dev/feature"] = slo.feature;
  const labelsFit = Object.keys(slo.labels).every((key) => OPENSLO_LABEL_KEY.test(key));
  if (!labelsFit) annotations["vigil.dev/labels"] = JSON.stringify(slo.labels);
  if (JSON.stringify(slo.alerting) !== DEFAULT_ALERTING)
    annotations["vigil.dev/alerting"] = JSON.stringify(slo.alerting);
  const displayName = slo.displayName ?? undefined;
  if (displayName !== undefined && displayName.length > 63) annotations["vigil.dev/display-name"] = displayName;
  return {
    name: slo.name,
    ...(displayName !== undefined && displayName.length <= 63 ? { displayName } : {}),
    ...(labelsFit && Object.keys(slo.labels).length > 0 ? { labels: slo.labels } : {}),
    annotations,
  };
}

function indicator(slo: SloDefinition) {
  const scope = { service: slo.service, operation: slo.operation, environment: slo.environment, feature: slo.feature };
  const reads = describeSli(slo.sli, scope);
  const name = `${slo.name.slice(0, 59).replace(/-+$/, "")}-sli`;
  const source = (spec: Record<string, unknown>) => ({ metricSource: { type: "vigil", spec } });
  if (slo.sli.type === "latency")
    return {
      metadata: { name },
      spec: { thresholdMetric: source({ sli: formatSli(slo.sli), reads, unit: "ms" }) },
    };
  return {
    metadata: { name },
    spec: {
      ratioMetric: {
        counter: true,
        good: source({ sli: formatSli(slo.sli), reads, counts: "entry spans that are not errors" }),
        total: source({ reads, counts: "all entry spans" }),
      },
    },
  };
}

function timeWindow(window: SloDefinition["window"]) {
  if (window === "1w" || window === "1M")
    return { duration: window, isRolling: false, calendar: { startTime: CALENDAR_START, timeZone: "UTC" } };
  return { duration: window, isRolling: true };
}

function objective(slo: SloDefinition) {
  const threshold = slo.sli.type === "latency" ? { op: "lte", value: slo.sli.thresholdMs } : {};
  const slice = slo.timeSlice;
  return {
    ...threshold,
    targetPercent: slo.objectivePercent,
    ...(slice?.targetPercent !== undefined ? { timeSliceTarget: percentToRatio(slice.targetPercent) } : {}),
    ...(slice ? { timeSliceWindow: `${slice.windowMinutes}m` } : {}),
  };
}
