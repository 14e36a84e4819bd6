import { stringify } from "yaml";
import type { SloDefinition } from "@/lib/slo/schemas";
import { toDnsLabel } from "./define-slo";
import { describeSli, formatSli } from "./sli-mapping";

// An SLO as a Sloth `prometheus/v1` spec: objective, labels and alerting as Sloth has them. The SLI
// is Vigil's, read from traces, so the event queries are `vigil:` queries (not PromQL) carrying it
// as JSON, with what Sloth has no field for; reading the file back gives the same SLO.

export function toSloth(slo: SloDefinition): string {
  const scope = { service: slo.service, operation: slo.operation, environment: slo.environment, feature: slo.feature };
  const prefix = `${toDnsLabel(slo.service)}-`;
  const shortName =
    slo.name.startsWith(prefix) && slo.name.length > prefix.length ? slo.name.slice(prefix.length) : slo.name;
  const nameKept = `${slo.service}-${shortName}` === slo.name;
  const vigil = {
    sli: formatSli(slo.sli),
    ...(slo.operation ? { operation: slo.operation } : {}),
    ...(slo.environment ? { environment: slo.environment } : {}),
    ...(slo.feature ? { feature: slo.feature } : {}),
    ...(nameKept ? {} : { name: slo.name }),
    ...(slo.displayName !== null ? { displayName: slo.displayName } : {}),
    ...(slo.budgetingMethod !== "Occurrences" ? { budgetingMethod: slo.budgetingMethod } : {}),
    ...(slo.timeSlice ? { timeSlice: slo.timeSlice } : {}),
  };
  const spec = {
    version: "prometheus/v1",
    service: slo.service,
    slos: [
      {
        name: shortName,
        objective: slo.objectivePercent,
        ...(slo.description !== null ? { description: slo.description } : {}),
        ...(Object.keys(slo.labels).length > 0 ? { labels: slo.labels } : {}),
        ...(slo.window !== "30d" ? { time_window: slo.window } : {}),
        sli: {
          events: {
            error_query: `vigil:errors ${JSON.stringify(vigil)}`,
            total_query: `vigil:total ${JSON.stringify({ service: slo.service })}`,
          },
        },
        alerting: alerting(slo.alerting),
      },
    ],
  };
  const header = [
    "# Exported by Vigil. The SLI is read by Vigil from traces, not by Prometheus:",
    `# ${describeSli(slo.sli, scope)}.`,
    "# The vigil: queries below are Vigil's and can not run in Prometheus.",
  ];
  return `${header.map((line) => line.replace(/[\r\n]/g, " ")).join("\n")}\n${stringify(spec, { lineWidth: 0 })}`;
}

function alerting(value: SloDefinition["alerting"]) {
  const severity = (alert: SloDefinition["alerting"]["page"]) => ({
    ...(alert.enabled ? {} : { disable: true }),
    labels: alert.labels,
    annotations: alert.annotations,
  });
  return {
    ...(value.name !== null ? { name: value.name } : {}),
    labels: value.labels,
    annotations: value.annotations,
    page_alert: severity(value.page),
    ticket_alert: severity(value.ticket),
  };
}
