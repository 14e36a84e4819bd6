import type { FeatureSource } from "@/lib/attribution/schemas";
import { formatUsd } from "@/lib/decimal";
import { DataTable, num } from "../../../_components/data-table";

const METHOD_LABELS: Record<FeatureSource["method"], string> = {
  telemetry: "split by telemetry",
  tag: "tag rule",
  unallocated: "unallocated",
};

export function FeatureSources({ sources }: { sources: FeatureSource[] }) {
  return (
    <DataTable
      testId="feature-sources"
      columns={["Resource", "Cloud service", "How", num("Cost")]}
      items={sources}
      empty="No cost allocated to this feature in the window."
      row={(source) => (
        <SourceRow
          key={`${source.providerName}|${source.serviceName}|${source.resourceId}|${source.appService}|${source.method}`}
          source={source}
        />
      )}
    />
  );
}

function SourceRow({ source }: { source: FeatureSource }) {
  return (
    <tr>
      <td className="summary-cell mono">{source.resourceId || <span className="muted">no resource id</span>}</td>
      <td>
        {source.serviceName}
        <div className="muted small">{source.providerName}</div>
      </td>
      <td>
        <span className={`pill method-${source.method}`}>{METHOD_LABELS[source.method]}</span>
        <div className="muted small">{source.explanation}</div>
      </td>
      <td className="num">{formatUsd(source.cost)}</td>
    </tr>
  );
}
