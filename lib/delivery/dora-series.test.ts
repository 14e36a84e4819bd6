import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { closeDb } from "@/lib/db";
import { doraSeries, weeksOf } from "@/lib/delivery/dora-series";
import { doraSlices } from "@/lib/delivery/dora-slices";
import { at, deployment, incident } from "@/lib/delivery/fixtures/records";
import { getDora } from "@/lib/delivery/get-dora";
import { recordDeployment } from "@/lib/delivery/record-deployment";
import { recordIncident } from "@/lib/delivery/record-incident";
import { uniqueName } from "@/test/factories";

// The weekly series and the per-slice figures are getDora over their weeks and windows: checked
// against getDora itself on deliveries in a window of their own far in the past.

const ctx = systemCtx("test");
const DAY = 86_400_000;
// A 28-day window in a random month of 1980–1999, so parallel tests' records never fall in it.
const start = Date.UTC(1980 + Math.floor(Math.random() * 20), Math.floor(Math.random() * 12), 1);
const window = { from: new Date(start), to: new Date(start + 28 * DAY) };
const iso = { from: window.from.toISOString(), to: window.to.toISOString() };
const team = uniqueName("team");
const services = ["a", "b", "c"].map((s) => uniqueName(`series-${s}`)).sort();

beforeAll(async () => {
  const days: [string, number][] = [
    [services[0], 1],
    [services[0], 2],
    [services[0], 9],
    [services[1], 20],
    [services[1], 27.5],
    [services[2], -5], // only in the window before
  ];
  for (const [k, [service, day]] of days.entries()) {
    const finishedAt = new Date(start + day * DAY);
    await recordDeployment(ctx, deployment({ externalId: `${service}-${k}`, service, team, finishedAt }));
  }
  const created = new Date(start + 2 * DAY + 3_600_000);
  await recordIncident(
    ctx,
    incident({
      externalKey: uniqueName("inc"),
      service: services[0],
      createdAt: created,
      resolvedAt: new Date(created.getTime() + 45 * 60_000),
    }),
  );
}, 60_000);

afterAll(closeDb);

describe("weeksOf", () => {
  it("counts 7-day weeks back from the end, the first one shorter", () => {
    const weeks = weeksOf(at("2026-11-06T00:00:00Z"), at("2026-12-06T00:00:00Z"));
    expect(weeks.map((w) => [w.from.toISOString().slice(0, 10), w.to.toISOString().slice(0, 10)])).toEqual([
      ["2026-11-06", "2026-11-08"],
      ["2026-11-08", "2026-11-15"],
      ["2026-11-15", "2026-11-22"],
      ["2026-11-22", "2026-11-29"],
      ["2026-11-29", "2026-12-06"],
    ]);
  });

  it("gives whole weeks for a window of whole weeks and one short week for less than a week", () => {
    expect(weeksOf(window.from, window.to)).toHaveLength(4);
    expect(weeksOf(at("2026-01-01T00:00:00Z"), at("2026-01-01T00:00:01Z"))).toEqual([
      { from: at("2026-01-01T00:00:00Z"), to: at("2026-01-01T00:00:01Z") },
    ]);
  });
});

describe("doraSeries (PostgreSQL)", () => {
  it("is getDora over each week, and the weeks' deployments add up to the window's", async () => {
    const series = await doraSeries(ctx, { ...iso, team });
    expect(series.map((w) => w.metrics.deploymentFrequency.deployments)).toEqual([2, 1, 1, 1]);
    for (const week of series) {
      const range = { from: week.from.toISOString(), to: week.to.toISOString(), team };
      expect(week.metrics).toEqual(await getDora(ctx, range));
    }
    expect(series[0].metrics.timeToRestore.medianMinutes).toBe(45);
    expect(series[1].metrics.timeToRestore.medianMinutes).toBeNull();
    const whole = await getDora(ctx, { ...iso, team });
    expect(whole.deploymentFrequency.deployments).toBe(5);
  });

  it("refuses a series longer than 53 weeks, naming to", async () => {
    await expect(doraSeries(ctx, { from: "2020-01-01", to: "2021-06-01" })).rejects.toMatchObject({
      details: { field: "to" },
    });
  });
});

describe("doraSlices (PostgreSQL)", () => {
  it("lists the slices with deliveries in the window or the one before, a page at a time", async () => {
    const first = await doraSlices(ctx, { window: iso, by: "service", limit: 2 });
    expect(first.items.map((r) => r.key)).toEqual(services.slice(0, 2));
    expect(first.nextCursor).toBe(services[1]);
    const rest = await doraSlices(ctx, { window: iso, by: "service", limit: 2, after: first.nextCursor ?? "" });
    expect(rest.items.map((r) => r.key)).toEqual([services[2]]);
    expect(rest.nextCursor).toBeNull();
  });

  it("gives each slice getDora's figures for the window and the window before", async () => {
    const { items } = await doraSlices(ctx, { window: iso, by: "team", limit: 100 });
    const row = items.find((r) => r.key === team);
    const before = { from: new Date(start - 28 * DAY).toISOString(), to: iso.from, team };
    expect(row?.current).toEqual(await getDora(ctx, { ...iso, team }));
    expect(row?.previous).toEqual(await getDora(ctx, before));
    expect(row?.previous.deploymentFrequency.deployments).toBe(1);
  });

  it("refuses a bad grouping, limit or cursor naming the field", async () => {
    const call = (input: Record<string, unknown>) => doraSlices(ctx, { window: iso, by: "service", ...input } as never);
    await expect(call({ by: "env" })).rejects.toMatchObject({ details: { field: "by" } });
    await expect(call({ limit: "0" })).rejects.toMatchObject({ details: { field: "limit" } });
    await expect(call({ limit: "101" })).rejects.toMatchObject({ details: { field: "limit" } });
    await expect(call({ after: "a\0b" })).rejects.toMatchObject({ details: { field: "after" } });
    await expect(call({ window: { from: "x", to: iso.to } })).rejects.toMatchObject({
      details: { field: "window.from" },
    });
  });
});
