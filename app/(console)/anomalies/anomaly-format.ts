import type { AnomalyView } from "@/lib/anomalies/list-anomalies";

// How an anomaly reads on the pages: "error rate above usual", its values in their units.

export const SERIES_LABELS: Record<string, string> = {
  requests: "Request rate",
  errors: "Error rate",
  latency: "p95 latency",
  cost: "Daily cost",
  metric: "Metric",
};

export const STATUS_LABELS: Record<string, string> = {
  open: "Open",
  acknowledged: "Acknowledged",
  investigating: "Investigating",
  resolved: "Resolved",
  false_positive: "False positive",
};

export const CHANGE_LABELS: Record<string, string> = {
  deployment: "Deploy",
  drift: "Drift",
  attribute: "Attribute",
  origin: "Origin",
  cost: "Cost",
};

export function whatText(item: Pick<AnomalyView, "series" | "direction" | "scope">): string {
  const side = item.direction === "up" ? "above" : "below";
  if (item.series === "metric") return `${item.scope} ${side} usual`;
  const what = `${SERIES_LABELS[item.series] ?? item.series} ${side} usual`;
  if (!item.scope) return what;
  return item.series === "cost" ? `${what} for feature ${item.scope}` : `${what} on ${item.scope}`;
}

/** A series' value in its unit: "12.5%", "840 ms", "1,204" requests (per slot), "312.40" a day. */
export function valueText(series: string, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return "—";
  if (series === "metric") return value.toLocaleString("en", { maximumSignificantDigits: 4 });
  if (series === "cost")
    return `${value.toLocaleString("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 })} a day`;
  if (series === "errors") return `${(value * 100).toFixed(2)}%`;
  if (series === "latency")
    return value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value).toLocaleString("en")} ms`;
  return Math.round(value).toLocaleString("en");
}

export const minuteText = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace("T", " ")}` : "—");
