import { describe, expect, it } from "vitest";
import { controlMatrix } from "./control-matrix";

const row = (control: string, environment: string, checked: number, failed = 0, waived = 0) => ({
  control,
  environment,
  checked,
  passed: checked - failed - waived,
  failed,
  waived,
});

describe("the controls matrix", () => {
  it("puts each control on one line across environments, failing ones first, untagged last", () => {
    const { environments, lines } = controlMatrix([
      row("SOC 2 CC6.1", "prod", 3),
      row("PCI DSS 3.5.1", "prod", 3, 1),
      row("PCI DSS 3.5.1", "dev", 2),
      row("PCI DSS 10.2.1", "", 1, 0, 1),
      row("SOC 2 CC6.1", "dev", 2, 2),
    ]);
    expect(environments).toEqual(["dev", "prod", "(untagged)"]);
    expect(lines.map((line) => [line.control, line.failed])).toEqual([
      ["PCI DSS 3.5.1", 1],
      ["SOC 2 CC6.1", 2],
      ["PCI DSS 10.2.1", 0],
    ]);
    expect(lines[1].cells.get("dev")).toMatchObject({ checked: 2, failed: 2 });
    expect(lines[2].cells.get("(untagged)")).toMatchObject({ waived: 1 });
    expect(lines[2].cells.has("prod")).toBe(false);
  });

  it("orders control numbers as numbers", () => {
    const { lines } = controlMatrix([row("PCI DSS 10.2.1", "prod", 1), row("PCI DSS 3.5.1", "prod", 1)]);
    expect(lines.map((line) => line.control)).toEqual(["PCI DSS 3.5.1", "PCI DSS 10.2.1"]);
  });
});
