import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

// The layout's dependency rule is only as good as the lint that checks it: these probes lint
// imports as if written in a file of each folder, and expect the rule to name them.

let eslint: ESLint;

async function rulesBroken(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((message) => message.ruleId ?? message.message);
}

describe("the dependency rule (eslint.config.mjs)", () => {
  beforeAll(() => {
    eslint = new ESLint({ cwd: process.cwd() });
  }, 60_000);

  const paths = "import/no-restricted-paths";
  const database = "no-restricted-imports";
  it.each([
    ["lib/traces/probe.ts", `export { GET } from "@/app/api/v1/me/route";`, [paths]],
    ["lib/traces/probe.test.ts", `export { decodeJson } from "@/collectors/otlp/decode";`, [paths]],
    [
      "lib/costs/probe.ts",
      `export { importBillingFile } from "../../collectors/billing/import-billing-file";`,
      [paths],
    ],
    ["lib/probe.ts", `export { launch } from "@/runtime/launcher";`, [paths]],
    ["collectors/billing/probe.ts", `export { pool } from "@/lib/db";`, [database]],
    ["app/(console)/probe.ts", `export { default } from "pg";`, [database]],
    ["collectors/otlp/probe.ts", `export { PrismaClient } from "@prisma/client";`, [database]],
    ["lib/costs/probe.ts", `export { importBilling } from "@/lib/costs/import-billing";`, []],
    ["collectors/billing/probe.ts", `export { importBilling } from "@/lib/costs/import-billing";`, []],
    ["app/api/v1/probe.ts", `export { costSummary } from "@/lib/attribution/cost-summary";`, []],
    ["runtime/probe.ts", `export { pool } from "@/lib/db";`, []],
  ])("%s: %s breaks %j", async (file, code, broken) => {
    expect(await rulesBroken(file, code)).toEqual(broken);
  });
});
