import type { Evidence, MetricSeries } from "@/lib/zombies/evidence";
import type { EvidenceItem, Finding } from "@/lib/zombies/rules/finding";
import { evaluateMetricCondition } from "@/lib/zombies/rules/metric-condition";
import type { Thresholds } from "@/lib/zombies/thresholds";
import { coverageConfidence, dailyValues, dayWindow, type DayValue, type DayWindow } from "@/lib/zombies/rules/window";

const NETWORK = ["NetworkIn", "NetworkOut"];

/** The mean of the days with data, the figure shown beside the day-by-day values. */
function mean(days: DayValue[]): number | null {
  const values = days.flatMap((d) => (d.value === null ? [] : [d.value]));
  return values.length ? values.reduce((a, v) => a + v, 0) / values.length : null;
}

/** CPU as a percent per day: CloudWatch's CPUUtilization, or the hostmetrics ratio × 100. */
function cpuPercent(metrics: MetricSeries, window: DayWindow, notes: string[]): { metric: string; days: DayValue[] } {
  if (metrics.CPUUtilization)
    return { metric: "CPUUtilization", days: dailyValues(metrics, "CPUUtilization", window, (s) => s.avg, notes) };
  const ratio = dailyValues(metrics, "system.cpu.utilization", window, (s) => s.avg * 100, notes);
  return { metric: "system.cpu.utilization", days: ratio };
}

/** Network bytes in + out per day; null on a day when any collected network metric is missing. */
function networkBytes(metrics: MetricSeries, window: DayWindow, notes: string[]): DayValue[] | null {
  const collected = NETWORK.filter((m) => metrics[m]);
  if (collected.length === 0) return null;
  const series = collected.map((m) => dailyValues(metrics, m, window, (s) => s.sum, notes));
  return window.days.map((day, i) => {
    const parts = series.map((s) => s[i].value);
    return { day, value: parts.some((v) => v === null) ? null : parts.reduce((a, v) => a! + v!, 0) };
  });
}

function custodianIdle(evidence: Evidence, thresholds: Thresholds, now: Date, notes: string[]): Finding | null {
  const condition = thresholds.idleCompute.custodian!;
  const result = evaluateMetricCondition(evidence.metrics, evidence.resource.facts, condition, now, notes);
  if (!result?.matched) return null;
  const { confidence, reason } = coverageConfidence(result.daysWithData, result.window.days.length);
  return {
    rule: "idle-compute",
    resourceKey: evidence.resource.key,
    confidence,
    confidenceReason: result.daysWithData === 0 ? "no data: the configured missing value was assumed" : reason,
    summary: `${condition.statistic} ${condition.metric} was ${result.compared} over the last ${condition.days} days, ${condition.op} ${condition.value}.`,
    evidence: [result.evidence],
    window: { from: result.window.from, to: result.window.to },
    notes,
  };
}

/** Quiet is not unused: an instance whose service served entry requests in the window is in use. */
function servedRequests(evidence: Evidence, window: DayWindow): boolean {
  const byDay = evidence.serviceRequests?.byDay ?? {};
  return window.days.some((day) => Object.hasOwn(byDay, day) && byDay[day] > 0);
}

/**
 * Trusted Advisor's low-utilisation test: CPU under the threshold and network under its bytes on
 * at least minDays of the window. Days without data never count, so a stopped instance (which
 * sends no metrics) is not idle; an instance known to be in another state than running is skipped,
 * and so is one whose service served requests in the window (Trusted Advisor would still flag it).
 */
export function idleCompute(evidence: Evidence, thresholds: Thresholds, now: Date): Finding | null {
  const { resource, metrics } = evidence;
  if (resource.kind !== "ec2-instance") return null;
  if (resource.state !== undefined && resource.state !== "running") return null;
  const notes: string[] = [];
  const days = thresholds.idleCompute.custodian?.days ?? thresholds.idleCompute.windowDays;
  if (servedRequests(evidence, dayWindow(days, now))) return null;
  if (thresholds.idleCompute.custodian) return custodianIdle(evidence, thresholds, now, notes);
  const { cpuPercent: cpuLimit, networkBytes: netLimit, minDays, windowDays } = thresholds.idleCompute;
  const window = dayWindow(windowDays, now);
  const cpu = cpuPercent(metrics, window, notes);
  const net = networkBytes(metrics, window, notes);
  const observed = window.days.filter((_, i) => cpu.days[i].value !== null && (!net || net[i].value !== null));
  const idleDays = window.days.filter(
    (_, i) =>
      cpu.days[i].value !== null &&
      cpu.days[i].value! < cpuLimit &&
      (!net || (net[i].value !== null && net[i].value! < netLimit)),
  );
  if (idleDays.length < minDays) return null;
  let { confidence, reason } = coverageConfidence(observed.length, window.days.length);
  if (!net) {
    if (confidence === "high") confidence = "medium";
    reason += "; no network metrics, CPU alone decided";
  } else if (idleDays.length < observed.length && confidence === "high") {
    confidence = "medium";
    reason += `; busy on ${observed.length - idleDays.length} of them`;
  }
  const range = { from: window.from, to: window.to };
  const item = (name: string, unit: string, threshold: number, days: DayValue[]): EvidenceItem => ({
    name,
    value: mean(days),
    unit,
    op: "lt",
    threshold,
    window: range,
    days,
    matchedDays: idleDays.length,
    requiredDays: minDays,
  });
  return {
    rule: "idle-compute",
    resourceKey: resource.key,
    confidence,
    confidenceReason: reason,
    summary: `CPU under ${cpuLimit}%${net ? ` and network under ${Number((netLimit / 1e6).toPrecision(3))} MB` : ""} on ${idleDays.length} of the last ${windowDays} days (at least ${minDays} needed).`,
    evidence: [
      item(cpu.metric, "% (daily average)", cpuLimit, cpu.days),
      ...(net ? [item("network-bytes", "bytes/day (in + out)", netLimit, net)] : []),
    ],
    window: range,
    notes,
  };
}
