import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { closeDb, pool } from "@/lib/db";
import { uniqueName } from "@/test/factories";
import { importDrops } from "./watched-folder";

// The watched folder applies the upload's caps: this file's tests run with a 1 MiB one.
process.env.VIGIL_BILLING_MAX_FILE_MB = "1";

const HEADER =
  "BillingAccountId,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargeCategory,ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,ListCost,ProviderName,ServiceName";

describe("importDrops (PostgreSQL)", () => {
  afterAll(closeDb);

  it("imports settled files from the format folders, moves them aside, and leaves the error next to a bad one", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vigil-drop-"));
    const account = uniqueName("drop-account");
    fs.mkdirSync(path.join(dir, "focus"), { recursive: true });
    fs.writeFileSync(
      path.join(dir, "focus", "good.csv"),
      `${HEADER}\n${account},USD,2021-03-01,2021-04-01,Usage,2021-03-02,2021-03-03,2.5,2.0,3,AWS,Amazon EC2\n`,
    );
    fs.writeFileSync(
      path.join(dir, "focus", "bad.csv"),
      `${HEADER}\n${account}-bad,USD,2021-03-01,2021-04-01,Usage,2021-03-02,2021-03-03,two,2.0,3,AWS,Amazon EC2\n`,
    );
    fs.writeFileSync(path.join(dir, "focus", "fresh.csv"), `${HEADER}\n`);

    // fresh.csv was just written: only files unchanged for a while are taken.
    const now = Date.now() + 60_000;
    fs.utimesSync(path.join(dir, "focus", "fresh.csv"), new Date(now), new Date(now));
    const result = await importDrops(systemCtx("test"), dir, now);
    expect(result).toEqual({ imported: ["focus/good.csv"], failed: ["focus/bad.csv"] });

    expect(fs.readdirSync(path.join(dir, "focus"))).toEqual(["fresh.csv"]);
    const failed = fs.readdirSync(path.join(dir, "failed"));
    const errorFile = failed.find((name) => name.endsWith(".error.txt")) as string;
    expect(fs.readFileSync(path.join(dir, "failed", errorFile), "utf8")).toMatch(
      /focus\/bad\.csv, line 2, column BilledCost: "two" is not a decimal number/,
    );
    expect(fs.readdirSync(path.join(dir, "imported"))).toHaveLength(1);

    const { rows } = await pool().query(
      `SELECT trim_scale(sum(c.billed_cost))::text AS billed, min(i.via) AS via FROM cost_line c JOIN billing_import i ON i.id = c.import_id WHERE c.billing_account_id = $1`,
      [account],
    );
    expect(rows[0]).toEqual({ billed: "2.5", via: "watch" });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a drop over the size cap once unzipped, moving it aside with the limit named and the attempt listed", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vigil-drop-"));
    const account = uniqueName("drop-big");
    const row = `${account},USD,2021-03-01,2021-04-01,Usage,2021-03-02,2021-03-03,2.5,2.0,3,AWS,Amazon EC2\n`;
    fs.mkdirSync(path.join(dir, "focus"), { recursive: true });
    fs.writeFileSync(
      path.join(dir, "focus", "big.csv.gz"),
      zlib.gzipSync(`${HEADER}\n${row.repeat(Math.ceil((2 * 1024 * 1024) / row.length))}`),
    );
    const now = Date.now() + 60_000;
    expect(await importDrops(systemCtx("test"), dir, now)).toEqual({ imported: [], failed: ["focus/big.csv.gz"] });
    const errorFile = fs.readdirSync(path.join(dir, "failed")).find((name) => name.endsWith(".error.txt")) as string;
    expect(fs.readFileSync(path.join(dir, "failed", errorFile), "utf8")).toMatch(
      /focus\/big\.csv\.gz: unzipped, the file is larger than the 1 MiB limit \(VIGIL_BILLING_MAX_FILE_MB\)/,
    );
    const { rows } = await pool().query(
      "SELECT status, via, error->>'message' AS message FROM billing_import WHERE file_name = 'focus/big.csv.gz' ORDER BY created_at DESC LIMIT 1",
    );
    expect(rows[0]).toMatchObject({ status: "failed", via: "watch", message: expect.stringMatching(/1 MiB limit/) });
    const lines = await pool().query("SELECT count(*)::int AS n FROM cost_line WHERE billing_account_id = $1", [
      account,
    ]);
    expect(lines.rows[0].n).toBe(0);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
