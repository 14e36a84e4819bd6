import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type BillingFormat, CostLine } from "@/lib/costs/schemas";
import { fromScaled, units18 } from "@/lib/decimal";
import { parseBillingFile } from "./parse-billing-file";

// The parsers alone, no database: each fixture's lines hold to the CostLine schema.

const FIXTURES = path.resolve(import.meta.dirname, "fixtures");

async function parse(name: string, format: BillingFormat): Promise<CostLine[]> {
  const lines: CostLine[] = [];
  for await (const line of parseBillingFile(fs.createReadStream(path.join(FIXTURES, name)), { format, file: name }))
    lines.push(line);
  return lines;
}

describe("parseBillingFile on the fixtures", () => {
  it.each([
    ["focus_sample.csv", "focus", 1000],
    ["aws_savings_plan_all_upfront_50pct.csv", "focus", 28],
    ["sample-anonymous-aws-export-dataset.csv", "cur-legacy", 1281],
    ["azure-actual.csv", "azure", 3],
    ["gcp-export.csv", "gcp", 1],
    ["gcp-export.jsonl", "gcp", 2],
  ] as const)("%s (%s) gives %i lines that are CostLines", async (name, format, count) => {
    const lines = await parse(name, format);
    expect(lines).toHaveLength(count);
    for (const line of lines) expect(() => CostLine.parse(line)).not.toThrow();
  });

  it("maps the legacy CUR's unblended cost to BilledCost, exactly", async () => {
    const lines = await parse("sample-anonymous-aws-export-dataset.csv", "cur-legacy");
    const total = lines.reduce((sum, line) => sum + units18(line.billedCost), 0n);
    expect(fromScaled(total)).toBe("1.6823086974");
  });
});
