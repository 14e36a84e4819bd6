import type { AnomalyView } from "./list-anomalies";

// The order a triager works in: critical before warning, untouched before acknowledged before
// being investigated, then by service, the newest episode of a service first.

const STATUS_ORDER: Record<string, number> = { open: 0, acknowledged: 1, investigating: 2 };

export function attentionOrder(items: readonly AnomalyView[]): AnomalyView[] {
  return [...items].sort(
    (a, b) =>
      Number(a.severity !== "critical") - Number(b.severity !== "critical") ||
      (STATUS_ORDER[a.status] ?? 3) - (STATUS_ORDER[b.status] ?? 3) ||
      a.service.localeCompare(b.service) ||
      b.start.localeCompare(a.start),
  );
}
