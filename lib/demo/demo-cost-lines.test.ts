import { describe, expect, it } from "vitest";
import { CostLine } from "../costs/schemas";
import { sumMoney } from "@/lib/decimal";
import { DEMO_DAYS, demoCostLines, demoWindow } from "./demo-cost-lines";
import { DEMO_ENVIRONMENTS, DEMO_RESOURCES, DEMO_SERVICES, DEMO_SPIKE } from "./demo-platform";

describe("demo cost lines", () => {
  const today = "2026-11-24";
  const lines = demoCostLines(today);

  it("cover every resource and environment for each day of the window", () => {
    expect(demoWindow(today)).toEqual({ from: "2026-10-25", to: "2026-11-24" });
    expect(lines).toHaveLength(DEMO_DAYS * DEMO_RESOURCES.length * DEMO_ENVIRONMENTS.length);
    expect(new Set(lines.map((line) => line.chargePeriodStart.slice(0, 10))).size).toBe(DEMO_DAYS);
  });

  it("are valid FOCUS-shaped input", () => {
    for (const line of lines) expect(() => CostLine.parse(line)).not.toThrow();
  });

  it("are the same for the same day and differ on another", () => {
    expect(demoCostLines(today)).toEqual(lines);
    expect(sumMoney(demoCostLines("2026-11-25").map((line) => line.billedCost))).not.toBe(
      sumMoney(lines.map((line) => line.billedCost)),
    );
  });

  it("tag every demo service and leave shared infrastructure untagged", () => {
    const services = new Set(lines.map((line) => line.tags?.service));
    for (const service of DEMO_SERVICES) expect(services).toContain(service.name);
    expect(services).toContain(undefined);
  });

  it("carry the fraud model's cost spike on its day", () => {
    const spikeDay = lines[DEMO_SPIKE.dayIndex * DEMO_RESOURCES.length * DEMO_ENVIRONMENTS.length].chargePeriodStart;
    const fraudProd = (start: string) =>
      Number(
        lines.find((line) => line.resourceName === "fraud-model-prod" && line.chargePeriodStart === start)?.billedCost,
      );
    const dayBefore =
      lines[(DEMO_SPIKE.dayIndex - 1) * DEMO_RESOURCES.length * DEMO_ENVIRONMENTS.length].chargePeriodStart;
    expect(fraudProd(spikeDay) / fraudProd(dayBefore)).toBeGreaterThan(2);
  });
});
