import { describe, expect, it } from "vitest";
import { chartRows, evidenceOf, figure, itemText, missingDays } from "./evidence";

const cpu = {
  name: "system.cpu.utilization",
  value: 2.1234567,
  unit: "%",
  op: "lt",
  threshold: 10,
  window: { from: "2026-11-22", to: "2026-12-06" },
  days: [
    { day: "2026-12-04", value: 1.5 },
    { day: "2026-12-05", value: null },
  ],
  matchedDays: 12,
  requiredDays: 4,
};

describe("a finding's evidence", () => {
  it("reads the stored shape", () => {
    const e = evidenceOf({
      items: [cpu],
      window: { from: "2026-11-22", to: "2026-12-06" },
      notes: ["n"],
      confidenceReason: "all data",
    });
    expect(e.items).toHaveLength(1);
    expect(e.items[0]).toMatchObject({ name: cpu.name, value: cpu.value, op: "lt", threshold: 10, matchedDays: 12 });
    expect(e.window).toEqual({ from: "2026-11-22", to: "2026-12-06" });
    expect(e.notes).toEqual(["n"]);
    expect(e.confidenceReason).toBe("all data");
  });

  it("leaves out what is missing or malformed instead of throwing", () => {
    expect(evidenceOf(null)).toEqual({ items: [], window: null, notes: [], confidenceReason: null });
    expect(evidenceOf("x").items).toEqual([]);
    expect(evidenceOf({ items: "no" }).items).toEqual([]);
    const e = evidenceOf({
      items: [
        null,
        3,
        { value: 1 },
        { name: "x", value: { nested: true }, days: [{ day: 1 }, { day: "d", value: "NaN" }], threshold: {} },
      ],
      window: { from: 1 },
      notes: [1, "ok", null],
    });
    expect(e.items).toEqual([{ name: "x", value: null, days: [{ day: "d", value: null }] }]);
    expect(e.window).toBeNull();
    expect(e.notes).toEqual(["ok"]);
  });

  it("reads a bare list of items too", () => {
    expect(evidenceOf([{ name: "attachments", value: 0 }]).items).toEqual([{ name: "attachments", value: 0 }]);
  });

  it("says the figure against its threshold, and how often it held", () => {
    expect(itemText(evidenceOf([cpu]).items[0])).toBe("2.12346% < 10% on 12 days (4 needed)");
    expect(itemText({ name: "attachments", value: 0, op: "eq", threshold: 0 })).toBe("0 = 0");
    expect(itemText({ name: "tag:expires", value: "2026-01-01", op: "lte", threshold: "2026-12-06" })).toBe(
      "2026-01-01 ≤ 2026-12-06",
    );
    expect(itemText({ name: "x", value: null, unit: "MB" })).toBe("no data");
    expect(
      itemText({ name: "network-bytes", value: 176435, unit: "bytes/day (in + out)", op: "lt", threshold: 5_000_000 }),
    ).toBe("176 kB/day (in + out) < 5 MB/day (in + out)");
    expect(figure(999, "bytes/day")).toBe("999 bytes/day");
    expect(figure(1_234_567_890, "bytes")).toBe("1.23 GB");
    expect(figure(0, "bytes")).toBe("0 bytes");
    expect(itemText({ name: "x", value: true, op: "weird", threshold: 1 })).toBe("true weird 1");
  });

  it("charts each day, a missing one as a gap, against a numeric threshold only", () => {
    const item = evidenceOf([cpu]).items[0];
    expect(chartRows(item)).toEqual([
      { day: "2026-12-04", value: 1.5, threshold: 10 },
      { day: "2026-12-05", value: null, threshold: 10 },
    ]);
    expect(missingDays(item)).toBe(1);
    expect(chartRows({ name: "x", value: 1, threshold: "2026-01-01" })).toEqual([]);
    expect(chartRows({ name: "x", value: 1, threshold: "t", days: [{ day: "d", value: 2 }] })[0].threshold).toBeNull();
  });
});
