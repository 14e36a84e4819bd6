import type { FeatureSource } from "@/lib/attribution/schemas";
import { formatUsd } from "@/lib/decimal";

const METHOD_LABELS: Record<FeatureSource["method"], string> = {
  telemetry: "split by telemetry",
  tag: "tag rule",
  unallocated: "unallocated",
};

export function FeatureSources({ sources }: { sources: FeatureSource[] }) {
  if (sources.length === 0) return <p className="empty-note">No cost allocated to this feature in the window.</p>;
  return (
    <table className="table" data-testid="feature-sources">
      <thead>
        <tr>
          <th>Resource</th>
          <th>Cloud service</th>
          <th>How</th>
          <th className="num">Cost</th>
        </tr>
      </thead>
      <tbody>
        {sources.map((source) => (
          <tr
            key={`${source.providerName}|${source.serviceName}|${source.resourceId}|${source.appService}|${source.method}`}
          >
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
        ))}
      </tbody>
    </table>
  );
}
