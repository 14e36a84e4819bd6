import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import zlib from "node:zlib";
import { parquetWriteBuffer } from "hyparquet-writer";
import { afterAll, describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { closeDb, pool } from "@/lib/db";
import { VigilError } from "@/lib/errors";
import { roleCtx } from "@/test/factories";
import type { ImportBillingInput } from "@/lib/costs/schemas";
import { importBillingFile } from "./import-billing-file";

const ctx = systemCtx("test");
const FIXTURES = path.resolve(import.meta.dirname, "fixtures");
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));

/** The body as a stream of small chunks, as an upload arrives. */
const chunked = (bytes: Buffer, size = 4096) =>
  Readable.from(
    Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size)),
  );

function importFile(input: Omit<ImportBillingInput, "via"> & { via?: ImportBillingInput["via"] }, bytes: Buffer) {
  return importBillingFile(ctx, { via: "api", ...input }, chunked(bytes));
}

async function billedBy(importId: string, column: "provider_name" | "commitment_discount_status") {
  const { rows } = await pool().query<{ key: string; billed: string; effective: string; n: number }>(
    `SELECT ${column} AS key, trim_scale(round(sum(billed_cost), 6))::text AS billed, trim_scale(sum(effective_cost))::text AS effective, count(*)::int AS n
     FROM cost_line WHERE import_id = $1 GROUP BY 1 ORDER BY 1`,
    [importId],
  );
  return rows;
}

async function importRow(importId: string) {
  const { rows } = await pool().query("SELECT status, rows, replaced_by, error FROM billing_import WHERE id = $1", [
    importId,
  ]);
  return rows[0];
}

/** The FOCUS sample with one replacement in its line `index + 1`. */
function editedSample(index: number, from: string | RegExp, to: string): Buffer {
  const lines = fixture("focus_sample.csv").toString("utf8").split("\n");
  lines[index] = lines[index].replace(from, to);
  return Buffer.from(lines.join("\n"));
}

/** Parquet columns of three rows, for the CUR 2.0 file. */
const strings = (name: string, data: (string | null)[]) => ({ name, data, type: "STRING" as const });
const doubles = (name: string, data: (number | null)[]) => ({ name, data, type: "DOUBLE" as const });
const thrice = (value: string) => [value, value, value];

async function expectFileError(
  promise: Promise<unknown>,
  expected: { file: string; line: number | null; column: string | null; message: RegExp },
) {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(VigilError);
  const error = err as VigilError;
  expect(error.status).toBe(400);
  expect(error.details).toMatchObject({ file: expected.file, line: expected.line, column: expected.column });
  expect(error.message).toMatch(expected.message);
}

// One file, in order: imports of the same billing period replace each other across tests.
describe("importBilling (PostgreSQL)", () => {
  afterAll(closeDb);

  it("imports the official FOCUS 1.0 sample: NULL cells, space-separated timestamps, JSON tags; BilledCost per provider as computed from the file", async () => {
    const result = await importFile({ format: "focus", fileName: "focus_sample.csv" }, fixture("focus_sample.csv"));
    // The known answers are the file's exact sums rounded to 6 places.
    expect(result).toMatchObject({
      rows: 1000,
      billedCost: "20.52022672899",
      period: { start: "2024-09-01T00:00:00.000Z" },
    });
    const byProvider = await billedBy(result.importId, "provider_name");
    expect(byProvider.map(({ key, billed, n }) => ({ key, billed, n }))).toEqual([
      { key: "AWS", billed: "18.006639", n: 942 },
      { key: "Microsoft", billed: "1.976514", n: 51 },
      { key: "Oracle", billed: "0.537074", n: 7 },
    ]);
    const { rows } = await pool().query(
      `SELECT tags, extras->>'Id' AS id, charge_period_start FROM cost_line WHERE import_id = $1 AND tags <> '{}'::jsonb ORDER BY id LIMIT 1`,
      [result.importId],
    );
    expect(Object.keys(rows[0].tags).length).toBeGreaterThan(0);
    expect(rows[0].id).toMatch(/^\d+$/);
  });

  it("importing the same file again replaces the earlier lines: the total does not double", async () => {
    const first = await importFile({ format: "focus", fileName: "focus_sample.csv" }, fixture("focus_sample.csv"));
    const again = await importFile(
      { format: "focus", fileName: "focus_sample.csv" },
      zlib.gzipSync(fixture("focus_sample.csv")),
    );
    expect(again).toMatchObject({ rows: 1000, billedCost: "20.52022672899", replacedRows: 1000 });
    expect(await importRow(first.importId)).toMatchObject({ status: "replaced", replaced_by: again.importId });
    const { rows } = await pool().query<{ billed: string }>(
      `SELECT trim_scale(sum(billed_cost))::text AS billed FROM cost_line WHERE import_id = ANY($1::uuid[])`,
      [[first.importId, again.importId]],
    );
    expect(rows[0].billed).toBe("20.52022672899");
  });

  it("the savings plan scenario (CRLF) is 50% utilised: Used and Unused effective cost are equal", async () => {
    const result = await importFile(
      { format: "focus", fileName: "aws_savings_plan_all_upfront_50pct.csv" },
      fixture("aws_savings_plan_all_upfront_50pct.csv"),
    );
    const byStatus = Object.fromEntries(
      (await billedBy(result.importId, "commitment_discount_status")).map((row) => [row.key ?? "none", row.effective]),
    );
    expect(byStatus).toMatchObject({ Used: "949.32", Unused: "949.32" });
  });

  it("maps the legacy CUR (lineItem/... columns) to FOCUS: total unblended cost 1.6823, taxes as Tax", async () => {
    const result = await importFile(
      { format: "cur-legacy", fileName: "sample-anonymous-aws-export-dataset.csv" },
      fixture("sample-anonymous-aws-export-dataset.csv"),
    );
    expect(result).toMatchObject({ rows: 1281, billedCost: "1.6823086974" });
    expect(Number(result.billedCost).toFixed(4)).toBe("1.6823");
    const { rows } = await pool().query(
      `SELECT charge_category, count(*)::int AS n FROM cost_line WHERE import_id = $1 GROUP BY 1 ORDER BY 1`,
      [result.importId],
    );
    expect(rows).toEqual([
      { charge_category: "Tax", n: 12 },
      { charge_category: "Usage", n: 1269 },
    ]);
  });

  it("reads CUR 2.0 as Parquet, with tags in the resource_tags map and amortized savings plan usage", async () => {
    const columnData = [
      strings("identity_line_item_id", ["a1", "a2", "a3"]),
      strings("bill_payer_account_id", thrice("111122223333")),
      strings("bill_billing_period_start_date", thrice("2026-10-01T00:00:00Z")),
      strings("bill_billing_period_end_date", thrice("2026-11-01T00:00:00Z")),
      strings("line_item_usage_account_id", thrice("444455556666")),
      strings("line_item_line_item_type", ["Usage", "SavingsPlanCoveredUsage", "SavingsPlanNegation"]),
      strings("line_item_usage_start_date", ["2026-10-03T00:00:00Z", "2026-10-03T01:00:00Z", "2026-10-03T01:00:00Z"]),
      strings("line_item_usage_end_date", ["2026-10-03T01:00:00Z", "2026-10-03T02:00:00Z", "2026-10-03T02:00:00Z"]),
      strings("line_item_product_code", ["AmazonRDS", "AmazonEC2", "AmazonEC2"]),
      strings("line_item_resource_id", ["arn:aws:rds:eu-west-1:444455556666:db:ledger", "i-0abc", "i-0abc"]),
      doubles("line_item_unblended_cost", [0.5, 0.192, -0.192]),
      doubles("savings_plan_savings_plan_effective_cost", [null, 0.12, null]),
      strings("resource_tags", ['{"user:team":"payments"}', '{"user:feature":"card-payments"}', null]),
    ];
    const bytes = Buffer.from(parquetWriteBuffer({ columnData }));
    const result = await importFile({ format: "cur2", fileName: "cur2.parquet" }, bytes);
    expect(result).toMatchObject({ rows: 3, billedCost: "0.5", effectiveCost: "0.62" });
    const { rows } = await pool().query(
      `SELECT tags, service_name FROM cost_line WHERE import_id = $1 ORDER BY extras->>'x_LineItemId'`,
      [result.importId],
    );
    expect(rows[0]).toEqual({ tags: { "user:team": "payments" }, service_name: "AmazonRDS" });
  });

  it("maps Azure actual cost: US dates, tags without braces, exponents, list cost as PayG price x quantity", async () => {
    const result = await importFile({ format: "azure", fileName: "azure-actual.csv" }, fixture("azure-actual.csv"));
    expect(result).toMatchObject({
      rows: 3,
      billedCost: "5.358012",
      period: { start: "2026-10-01T00:00:00.000Z", end: "2026-11-01T00:00:00.000Z" },
    });
    const { rows } = await pool().query(
      `SELECT charge_category, trim_scale(list_cost)::text AS list, tags, commitment_discount_status AS status, billing_currency FROM cost_line WHERE import_id = $1 ORDER BY charge_period_start`,
      [result.importId],
    );
    expect(rows[0]).toEqual({
      charge_category: "Usage",
      list: "4.608",
      tags: { team: "payments", env: "prod" },
      status: null,
      billing_currency: "EUR",
    });
    expect(rows[1].status).toBe("Used");
    expect(rows[2].charge_category).toBe("Tax");
  });

  it("maps GCP export rows from JSON lines and from CSV: net cost includes credits, labels become tags", async () => {
    const jsonl = await importFile({ format: "gcp", fileName: "gcp-export.jsonl" }, fixture("gcp-export.jsonl"));
    expect(jsonl).toMatchObject({ rows: 2, billedCost: "1.0333333333333" });
    const { rows } = await pool().query(
      `SELECT tags, sub_account_id FROM cost_line WHERE import_id = $1 AND service_name = 'Compute Engine'`,
      [jsonl.importId],
    );
    expect(rows[0]).toEqual({ tags: { team: "payments", feature: "card-payments" }, sub_account_id: "payments-prod" });
    // The CSV restates the same account and month, so it replaces the JSON lines import.
    const csv = await importFile({ format: "gcp", fileName: "gcp-export.csv" }, fixture("gcp-export.csv"));
    expect(csv).toMatchObject({ rows: 1, billedCost: "1", replacedRows: 2 });
  });

  it("rejects a bad cell with the file, line and column, imports nothing, and lists the failed attempt", async () => {
    await expectFileError(
      importFile({ format: "focus", fileName: "broken.csv" }, editedSample(500, /^NULL,[0-9.]+,/, "NULL,12,5,")),
      { file: "broken.csv", line: 501, column: null, message: /broken\.csv, line 501: Invalid Record Length/ },
    );
    await expectFileError(
      importFile({ format: "focus", fileName: "numbers.csv" }, editedSample(700, /^NULL,[0-9.]+,/, "NULL,12.3.4,")),
      { file: "numbers.csv", line: 701, column: "BilledCost", message: /"12\.3\.4" is not a decimal number/ },
    );
    const { rows } = await pool().query(
      `SELECT count(*)::int AS n FROM cost_line c JOIN billing_import i ON i.id = c.import_id WHERE i.file_name IN ('broken.csv', 'numbers.csv')`,
    );
    expect(rows[0].n).toBe(0);
    const failed = await pool().query(`SELECT status, error FROM billing_import WHERE file_name = 'numbers.csv'`);
    expect(failed.rows[0]).toMatchObject({
      status: "failed",
      error: { file: "numbers.csv", line: 701, column: "BilledCost" },
    });
  });

  it("rejects a missing FOCUS column, an unknown charge category, an impossible date and corrupt gzip", async () => {
    const csv = fixture("focus_sample.csv").toString("utf8");
    const gz = zlib.gzipSync(Buffer.from(csv));
    const cases: [string, Buffer, number | null, string | null, RegExp][] = [
      [
        "noheader.csv",
        Buffer.from(csv.replace('"BilledCost"', '"Billed"')),
        1,
        "BilledCost",
        /column BilledCost is missing/,
      ],
      ["category.csv", editedSample(2, '"Usage"', '"Usages"'), 3, "ChargeCategory", /not a FOCUS ChargeCategory/],
      [
        "dates.csv",
        editedSample(3, '"2024-10-01 00:00:00"', '"2024-02-30 00:00:00"'),
        4,
        "BillingPeriodEnd",
        /not a date and time/,
      ],
      ["cut.csv.gz", gz.subarray(0, gz.length / 2), null, null, /gzip|unexpected end/i],
    ];
    for (const [file, bytes, line, column, message] of cases)
      await expectFileError(importFile({ format: "focus", fileName: file }, bytes), { file, line, column, message });
  });

  it("needs the ingest:billing permission", async () => {
    await expect(
      importBillingFile(roleCtx("sre"), { format: "focus", fileName: "x.csv", via: "api" }, chunked(Buffer.from("a"))),
    ).rejects.toThrow(VigilError);
  });
});
