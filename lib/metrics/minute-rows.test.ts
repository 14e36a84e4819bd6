import { describe, expect, it } from "vitest";
import { minuteRows } from "./minute-rows";
import { resourceIdentity } from "./resource-identity";
import { ns, point, series } from "./test-points";

describe("minuteRows", () => {
  it("merges a series' points of one minute exactly, whatever their order, and keeps minutes and start times apart", () => {
    const key = series("m", "host");
    const at = (second: number) => ns(`2026-03-10T10:00:${String(second).padStart(2, "0")}Z`);
    const points = [
      point(key, at(30), 5),
      point(key, at(10), 1),
      point(key, at(50), 3),
      point(key, ns("2026-03-10T10:01:00Z"), 9),
    ];
    const rows = minuteRows(points);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      points: 3,
      count: 3,
      sum: 9,
      min: 1,
      max: 5,
      firstValue: 1,
      lastValue: 3,
      firstNs: at(10),
      lastNs: at(50),
    });
    expect(minuteRows([...points].reverse())[0]).toMatchObject({ sum: 9, firstValue: 1, lastValue: 3 });
    const restarted = point(series("m", "host"), at(40), 2, { startNs: at(35) });
    expect(minuteRows([...points, restarted])).toHaveLength(3);
  });

  it("adds a delta histogram's buckets and keeps a cumulative one's latest", () => {
    const delta = series("h", "host", { kind: "histogram", temporality: "delta", bounds: [1] });
    const cumulative = { ...delta, temporality: "cumulative" as const };
    const t = ns("2026-03-10T10:00:00Z");
    const [summed] = minuteRows([
      point(delta, t, 2, { buckets: [1, 1], sum: 3 }),
      point(delta, t + 1n, 3, { buckets: [2, 1], sum: 4 }),
    ]);
    expect(summed).toMatchObject({ count: 5, sum: 7, buckets: [3, 2] });
    const [latest] = minuteRows([
      point(cumulative, t + 1n, 9, { buckets: [5, 4] }),
      point(cumulative, t, 3, { buckets: [2, 1] }),
    ]);
    expect(latest).toMatchObject({ count: 0, buckets: [5, 4], firstValue: 3, lastValue: 9 });
  });

  it("gives the same series the same hash whatever the order of its attributes", () => {
    const a = series("m", "host", { attributes: { a: 1, b: { c: 2, d: 3 } } });
    const b = series("m", "host", { attributes: { b: { d: 3, c: 2 }, a: 1 } });
    const t = ns("2026-03-10T10:00:00Z");
    expect(minuteRows([point(a, t, 1), point(b, t, 2)])).toHaveLength(1);
  });
});

describe("resourceIdentity", () => {
  it("takes cloud.resource_id, host.id, k8s.pod.uid, service name/instance, host.name, in that order", () => {
    const all = {
      "cloud.resource_id": "arn:aws:ec2:eu-west-1:1:instance/i-1",
      "host.id": "i-1",
      "k8s.pod.uid": "pod-1",
      "service.name": "api",
      "service.instance.id": "7",
      "host.name": "ip-10-0-0-1",
    };
    const without = (...keys: string[]) =>
      resourceIdentity(Object.fromEntries(Object.entries(all).filter(([k]) => !keys.includes(k)))).resourceId;
    expect(without()).toBe(all["cloud.resource_id"]);
    expect(without("cloud.resource_id")).toBe("i-1");
    expect(without("cloud.resource_id", "host.id")).toBe("pod-1");
    expect(without("cloud.resource_id", "host.id", "k8s.pod.uid")).toBe("api/7");
    expect(without("cloud.resource_id", "host.id", "k8s.pod.uid", "service.instance.id")).toBe("api");
    expect(resourceIdentity({ "service.name": "unknown_service:node", "host.name": "h" })).toEqual({
      resourceId: "h",
      serviceName: "unknown_service:node",
    });
    expect(resourceIdentity({}).resourceId).toBe("unknown");
  });
});
