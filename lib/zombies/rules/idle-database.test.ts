import { describe, expect, it } from "vitest";
import { evidence, NOW, series } from "@/lib/zombies/rules/evidence-builders";
import { idleDatabase } from "@/lib/zombies/rules/idle-database";
import { parseThresholds } from "@/lib/zombies/thresholds";

const defaults = parseThresholds({});
const db = (connections: Array<number | null>, state = "available", createdAt = "2025-06-01T00:00:00Z") =>
  evidence({
    resource: { kind: "rds-instance", resourceId: "orders-db", state, createdAt },
    metrics: { DatabaseConnections: series(connections) },
  });

describe("idle-database (no connections for 7 days)", () => {
  it("flags 7 days of zero connections", () => {
    const finding = idleDatabase(db(Array(7).fill(0)), defaults, NOW);
    expect(finding).toMatchObject({ confidence: "high", window: { from: "2026-03-08", to: "2026-03-15" } });
    expect(finding?.evidence[0].days).toHaveLength(7);
  });

  it("one connection on any day is use", () => {
    expect(idleDatabase(db([1, 0, 0, 0, 0, 0, 0]), defaults, NOW)).toBeNull();
    expect(idleDatabase(db([0, 0, 0, 0, 0, 0, 1]), defaults, NOW)).toBeNull();
  });

  it("a missing day is a gap in the evidence (one day short)", () => {
    expect(idleDatabase(db([null, 0, 0, 0, 0, 0, 0]), defaults, NOW)).toBeNull();
    expect(idleDatabase(db([0, 0, 0, 0, 0, 0]), defaults, NOW)).toBeNull();
  });

  it("a stopped database, or one younger than the window, is not idle", () => {
    expect(idleDatabase(db(Array(7).fill(0), "stopped"), defaults, NOW)).toBeNull();
    expect(idleDatabase(db(Array(7).fill(0), "available", "2026-03-10T00:00:00Z"), defaults, NOW)).toBeNull();
  });

  it("NaN connections are not zero", () => {
    expect(idleDatabase(db([0, 0, NaN, 0, 0, 0, 0]), defaults, NOW)).toBeNull();
  });
});
