import { describe, expect, it } from "vitest";
import type { DailyStat } from "@/lib/zombies/evidence";
import { evidence } from "@/lib/zombies/rules/evidence-builders";
import { idleCompute } from "@/lib/zombies/rules/idle-compute";
import { evaluateMetricCondition } from "@/lib/zombies/rules/metric-condition";
import { metricCondition, parseThresholds } from "@/lib/zombies/thresholds";

/*
 * Numbers copied from Cloud Custodian's recorded AWS responses (cloud-custodian/cloud-custodian,
 * Apache-2.0): tests/data/placebo/test_ec2_metric and test_ebs_metrics_percent_filter, with the
 * expected results of tests/test_ec2.py::TestMetricFilter.test_metric_filter and
 * tests/test_ebs.py::test_ebs_metrics_percent_filter.
 */

/** CloudWatch datapoints of one day folded into a daily aggregate. */
function day(points: Array<{ Average?: number; Maximum?: number }>): DailyStat {
  const avg = points.reduce((a, p) => a + (p.Average ?? 0), 0) / points.length;
  const max = Math.max(...points.map((p) => p.Maximum ?? p.Average ?? 0));
  return { avg, max, sum: avg * points.length, count: points.length };
}

describe("Custodian metrics filter cases", () => {
  it("EC2 CPUUtilization Average 0.0286 % with value 1.5 over 3 days: 1 idle instance", () => {
    // i-0cfbce719a3400834, running m3.medium; one datapoint at 2016-06-21T20:59Z.
    const e = evidence({
      resource: { resourceId: "i-0cfbce719a3400834", state: "running" },
      metrics: { CPUUtilization: { "2016-06-21": day([{ Average: 0.02857142857142857 }]) } },
    });
    const now = new Date("2016-06-24T20:22:50Z");
    const thresholds = parseThresholds({
      idleCompute: { custodian: { metric: "CPUUtilization", days: 3, value: 1.5 } },
    });
    const finding = idleCompute(e, thresholds, now);
    expect(finding?.rule).toBe("idle-compute");
    expect(finding?.evidence[0]).toMatchObject({ name: "CPUUtilization:Average", op: "lt", threshold: 1.5 });
    expect(finding?.evidence[0].value).toBeCloseTo(0.0286, 4);
    expect(finding?.window).toEqual({ from: "2016-06-21", to: "2016-06-24" });
    expect(finding?.confidence).toBe("low"); // one day of data out of three
    const stricter = parseThresholds({
      idleCompute: { custodian: { metric: "CPUUtilization", days: 3, value: 0.02 } },
    });
    expect(idleCompute(e, stricter, now)).toBeNull();
  });

  it("EBS VolumeConsumedReadWriteOps Maximum 14, 15, 21 with Iops 5000: matches lt 50%, not gt", () => {
    // vol-07197f6445e4e8681, io1, 100 GiB, 5,000 provisioned IOPS; three datapoints on 2017-01-10.
    const metrics = {
      VolumeConsumedReadWriteOps: { "2017-01-10": day([{ Maximum: 14 }, { Maximum: 15 }, { Maximum: 21 }]) },
    };
    const facts = { provisionedIops: 5000, attachments: 0 };
    const now = new Date("2017-01-11T00:30:00Z");
    const condition = (op: "lt" | "gt") =>
      metricCondition.parse({
        metric: "VolumeConsumedReadWriteOps",
        statistic: "Maximum",
        days: 1,
        value: 50,
        op,
        percentAttr: "provisionedIops",
      });
    const lt = evaluateMetricCondition(metrics, facts, condition("lt"), now, []);
    const gt = evaluateMetricCondition(metrics, facts, condition("gt"), now, []);
    expect(lt?.matched).toBe(true);
    expect(gt?.matched).toBe(false);
    expect(lt?.compared).toBeCloseTo((21 / 5000) * 100, 10);
    expect(lt?.evidence.unit).toBe("% of provisionedIops");
  });
});

describe("evaluateMetricCondition", () => {
  const now = new Date("2026-03-15T00:00:00Z");
  const metrics = {
    M: {
      "2026-03-13": { avg: 10, max: 40, sum: 100, count: 10 },
      "2026-03-14": { avg: 40, max: 50, sum: 1200, count: 30 },
    },
  };
  const run = (over: Record<string, unknown>, facts = {}) =>
    evaluateMetricCondition(
      metrics,
      facts,
      metricCondition.parse({ metric: "M", value: 0, days: 2, ...over }),
      now,
      [],
    );

  it("weights a window Average by each day's sample count", () => {
    expect(run({ value: 32.5, op: "lte" })?.compared).toBe(32.5);
    expect(run({ value: 32.5, op: "lt" })?.matched).toBe(false);
    expect(run({ value: 32.5, op: "lte" })?.matched).toBe(true);
    expect(run({ value: 32.5, op: "gte" })?.matched).toBe(true);
    expect(run({ value: 32.5, op: "gt" })?.matched).toBe(false);
  });

  it("takes Maximum, Sum and SampleCount over the window", () => {
    expect(run({ statistic: "Maximum" })?.compared).toBe(50);
    expect(run({ statistic: "Sum" })?.compared).toBe(1300);
    expect(run({ statistic: "SampleCount" })?.compared).toBe(40);
  });

  it("no data decides nothing unless a missing value is configured", () => {
    expect(evaluateMetricCondition({}, {}, metricCondition.parse({ metric: "M", value: 1 }), now, [])).toBeNull();
    const filled = evaluateMetricCondition(
      {},
      {},
      metricCondition.parse({ metric: "M", value: 1, missingValue: 0 }),
      now,
      [],
    );
    expect(filled?.matched).toBe(true);
    expect(filled?.daysWithData).toBe(0);
  });

  it("a missing, zero or non-numeric percent attribute decides nothing, with a note", () => {
    const notes: string[] = [];
    const c = metricCondition.parse({ metric: "M", value: 50, days: 2, percentAttr: "provisionedIops" });
    expect(evaluateMetricCondition(metrics, {}, c, now, notes)).toBeNull();
    expect(evaluateMetricCondition(metrics, { provisionedIops: 0 }, c, now, notes)).toBeNull();
    expect(evaluateMetricCondition(metrics, { provisionedIops: NaN }, c, now, notes)).toBeNull();
    expect(notes).toHaveLength(3);
  });

  it("rejects a condition with NaN, an unknown op or too many days", () => {
    expect(metricCondition.safeParse({ metric: "M", value: NaN }).success).toBe(false);
    expect(metricCondition.safeParse({ metric: "M", value: 1, op: "eq" }).success).toBe(false);
    expect(metricCondition.safeParse({ metric: "M", value: 1, days: 456 }).success).toBe(false);
    expect(metricCondition.safeParse({ metric: "", value: 1 }).success).toBe(false);
  });
});
