import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { closeDb, pool } from "@/lib/db";
import { VigilError } from "@/lib/errors";
import { uniqueName } from "@/test/factories";
import { importBillingFile } from "./import-billing-file";
import { listImports } from "@/lib/costs/list-imports";

// Every field of a FOCUS row with the adversarial values: largest, smallest, empty, malformed,
// NUL, lone surrogate, overflowing. Each is stored or refused with a 400 naming line and column;
// none is a 500.

const ctx = systemCtx("test");
const MONEY = [
  "BilledCost",
  "EffectiveCost",
  "ListCost",
  "ContractedCost",
  "PricingQuantity",
  "ConsumedQuantity",
  "CommitmentDiscountQuantity",
] as const;
const COLUMNS = [
  "BillingAccountId",
  "BillingCurrency",
  "BillingPeriodStart",
  "BillingPeriodEnd",
  "ChargeCategory",
  "ChargePeriodStart",
  "ChargePeriodEnd",
  ...MONEY,
  "ProviderName",
  "ServiceName",
  "ResourceId",
  "RegionId",
  "Tags",
  "x_Custom",
] as const;
type Column = (typeof COLUMNS)[number];

const GOOD: Record<Column, string> = {
  BillingAccountId: "acct",
  BillingCurrency: "USD",
  BillingPeriodStart: "2019-03-01",
  BillingPeriodEnd: "2019-04-01",
  ChargeCategory: "Usage",
  ChargePeriodStart: "2019-03-02",
  ChargePeriodEnd: "2019-03-03",
  BilledCost: "1.5",
  EffectiveCost: "1.25",
  ListCost: "2",
  ContractedCost: "",
  PricingQuantity: "",
  ConsumedQuantity: "",
  CommitmentDiscountQuantity: "",
  ProviderName: "AWS",
  ServiceName: "Amazon EC2",
  ResourceId: "i-1",
  RegionId: "us-east-1",
  Tags: '{"team":"a"}',
  x_Custom: "x",
};

const cell = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

function file(rows: Partial<Record<Column, string>>[]): Buffer {
  const lines = rows.map((row) => COLUMNS.map((column) => cell(row[column] ?? GOOD[column])).join(","));
  return Buffer.from(`${COLUMNS.join(",")}\n${lines.join("\n")}\n`);
}

const run = (bytes: Buffer, fileName = "fields.csv") =>
  importBillingFile(ctx, { format: "focus", fileName, via: "api" }, Readable.from([bytes]));
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (err: unknown) => err,
  );

const TOO_BIG = [
  "10000000000000000000000000",
  "1e400",
  "-1e20",
  "100000000000000000000",
  "99999999999999999999.9999999999999999999",
  "1e+20",
];
const REFUSED: [Column, string, RegExp][] = [
  ...MONEY.flatMap((column) => TOO_BIG.map((value): [Column, string, RegExp] => [column, value, /out of range/])),
  ...MONEY.map((column): [Column, string, RegExp] => [column, "1,5", /not a decimal number/]),
  ...MONEY.map((column): [Column, string, RegExp] => [column, "1\u00005", /not a decimal number/]),
  ["BilledCost", "", /a cost is required/],
  ["BilledCost", "NaN", /not a decimal number/],
  ["BilledCost", "Infinity", /not a decimal number/],
  ["BilledCost", "1e1000", /not a decimal number/],
  ["BillingCurrency", "", /required/],
  ["BillingCurrency", "US", /ISO 4217/],
  ["BillingCurrency", "U\u0000D", /ISO 4217/],
  ["ChargeCategory", "usage\u0000", /not a FOCUS ChargeCategory/],
  ["ChargeCategory", "", /required/],
  ["BillingAccountId", "", /required/],
  ["ProviderName", "", /required/],
  ["ServiceName", "", /required/],
  ...(["BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd"] as const).flatMap(
    (column): [Column, string, RegExp][] => [
      [column, "", /required/],
      [column, "0000-01-01", /not a date and time/],
      [column, "2019-02-30", /not a date and time/],
      [column, "2019-03-01T25:00:00Z", /not a date and time/],
      [column, "2019-03-01T00:00:00+99:00", /not a date and time/],
      [column, "2019-03-01\u0000", /not a date and time/],
      [column, "99999-01-01", /not a date and time/],
    ],
  ),
  ["Tags", "{", /tags are not a JSON object/],
  ["Tags", '{"a":{"b":1}}', /nested value/],
  ["Tags", "[1]", /tags are not a JSON object/],
];

describe("importBilling: every field with adversarial values (PostgreSQL)", () => {
  afterAll(closeDb);

  it.each(REFUSED)("%s = %j is a 400 naming line 3 and the column", async (column, value, message) => {
    const account = uniqueName("fields");
    const err = await failure(
      run(file([{ BillingAccountId: account }, { BillingAccountId: account, [column]: value }])),
    );
    expect(err).toBeInstanceOf(VigilError);
    expect((err as VigilError).status).toBe(400);
    expect((err as VigilError).details).toMatchObject({ file: "fields.csv", line: 3, column });
    expect((err as VigilError).message).toMatch(message);
    const { rows } = await pool().query("SELECT count(*)::int AS n FROM cost_line WHERE billing_account_id = $1", [
      account,
    ]);
    expect(rows[0].n).toBe(0);
  });

  it("lists a file refused for a NUL in a cell as failed, with the error its sender got", async () => {
    const account = uniqueName("fields");
    const fileName = `${account}.csv`;
    const err = await failure(run(file([{ BillingAccountId: account, BillingCurrency: "U\u0000D" }]), fileName));
    const { rows } = await pool().query("SELECT status, error FROM billing_import WHERE file_name = $1", [fileName]);
    expect(rows).toEqual([
      {
        status: "failed",
        error: expect.objectContaining({
          message: (err as VigilError).message.replace("\0", "\uFFFD"),
          line: 2,
          column: "BillingCurrency",
        }),
      },
    ]);
  });

  const STORED: [Column, string, string | null][] = [
    ["BilledCost", "99999999999999999999.999999999999999999", "99999999999999999999.999999999999999999"],
    ["BilledCost", "-99999999999999999999.999999999999999999", "-99999999999999999999.999999999999999999"],
    ["BilledCost", "1e-400", "0"],
    ["BilledCost", "1.2E-05", "0.000012"],
    ["BilledCost", "+.5", "0.5"],
    ["ResourceId", "i-\u00001", "i-\uFFFD1"],
    ["ResourceId", "\uD800", "\uFFFD"],
    ["ResourceId", "r".repeat(60_000), "r".repeat(60_000)],
    ["RegionId", "", null],
    ["x_Custom", "a\u0000b", "a\uFFFDb"],
    ["Tags", '{"team":"a\\u0000b"}', null],
    ["Tags", '{"team":"\\ud800"}', null],
    ["Tags", '{"k\\udc00":"v"}', null],
    ["BillingAccountId", "acct\u0000x", null],
    ["ProviderName", "P\u0000", null],
    ["BillingPeriodStart", "9999-12-31T23:59:59Z", null],
    ["ChargePeriodStart", "0001-01-01", null],
  ];

  it.each(STORED)("%s = %j is stored", async (column, value, expected) => {
    const account = uniqueName("fields");
    const row = {
      BillingAccountId: column === "BillingAccountId" ? `${account}${value}` : account,
      [column]: column === "BillingAccountId" ? `${account}${value}` : value,
    };
    const result = await run(file([row]));
    expect(result.rows).toBe(1);
    if (expected === null) return;
    const name = column.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
    const sql =
      column === "x_Custom" ? "extras->>'x_Custom'" : name === "billed_cost" ? "trim_scale(billed_cost)::text" : name;
    const { rows } = await pool().query(`SELECT ${sql} AS v FROM cost_line WHERE import_id = $1`, [result.importId]);
    expect(rows[0].v).toBe(expected);
  });

  it("totals a file mixing USD and EUR per currency and never across them", async () => {
    const account = uniqueName("fields");
    const result = await run(
      file([
        { BillingAccountId: account, BillingCurrency: "USD", BilledCost: "10.5", EffectiveCost: "10" },
        { BillingAccountId: account, BillingCurrency: "EUR", BilledCost: "3", EffectiveCost: "2.5" },
        { BillingAccountId: account, BillingCurrency: "USD", BilledCost: "0.25", EffectiveCost: "0.25" },
      ]),
      "mixed.csv",
    );
    const totals = [
      { currency: "EUR", billedCost: "3", effectiveCost: "2.5" },
      { currency: "USD", billedCost: "10.75", effectiveCost: "10.25" },
    ];
    expect(result).toMatchObject({ rows: 3, totals, billedCost: null, effectiveCost: null });
    const listed = (await listImports(ctx, { limit: 50 })).items.find((item) => item.id === result.importId);
    expect(listed).toMatchObject({ status: "succeeded", totals, billedCost: null, effectiveCost: null });

    const single = await run(
      file([{ BillingAccountId: `${account}-usd`, BilledCost: "2", EffectiveCost: "1" }]),
      "usd.csv",
    );
    expect(single).toMatchObject({
      totals: [{ currency: "USD", billedCost: "2", effectiveCost: "1" }],
      billedCost: "2",
      effectiveCost: "1",
    });
  });

  it("a page cursor that is not an import id is a 400 naming after", async () => {
    const err = await failure(listImports(ctx, { after: "zz" }));
    expect(err).toBeInstanceOf(VigilError);
    expect((err as VigilError).status).toBe(400);
    expect((err as VigilError).details).toMatchObject({ field: "after" });
  });

  // GCP JSON lines: numbers arrive as JSON numbers, and the net cost is computed (cost plus credits).
  const gcp = (account: string, edit: string) =>
    Buffer.from(
      `{"billing_account_id":${JSON.stringify(account)},"service":{"description":"Compute Engine"},"usage_start_time":"2019-05-01T00:00:00Z","usage_end_time":"2019-05-01T01:00:00Z","labels":[{"key":"team","value":"a"}],"currency":"USD",${edit}}\n`,
    );
  const GCP_REFUSED: [string, string, string, RegExp][] = [
    ["cost 1e400", '"cost":1e400', "cost", /not a decimal number/],
    ["cost 1e21", '"cost":1e21', "cost", /out of range/],
    [
      "credits summing past 1e20",
      '"cost":0,"credits":[{"amount":-9e19},{"amount":-9e19}]',
      "BilledCost",
      /out of range/,
    ],
    ["usage amount 1e300", '"cost":1,"usage":{"amount":1e300}', "usage.amount", /out of range/],
  ];

  it.each(GCP_REFUSED)("GCP %s is a 400 naming line 1 and the field", async (_label, edit, column, message) => {
    const err = await failure(
      importBillingFile(
        ctx,
        { format: "gcp", fileName: "gcp.jsonl", via: "api" },
        Readable.from([gcp(uniqueName("gcp"), edit)]),
      ),
    );
    expect(err).toBeInstanceOf(VigilError);
    expect((err as VigilError).details).toMatchObject({ file: "gcp.jsonl", line: 1, column });
    expect((err as VigilError).message).toMatch(message);
  });

  it("GCP: a lone surrogate in a label and a NUL in a project id are stored as U+FFFD", async () => {
    const account = uniqueName("gcp");
    const body = Buffer.from(
      `{"billing_account_id":${JSON.stringify(account)},"usage_start_time":"2019-05-01T00:00:00Z","usage_end_time":"2019-05-01T01:00:00Z","labels":[{"key":"team","value":"\\ud800"}],"project":{"id":"p\\u0000"},"cost":2}\n`,
    );
    const result = await importBillingFile(
      ctx,
      { format: "gcp", fileName: "gcp.jsonl", via: "api" },
      Readable.from([body]),
    );
    const { rows } = await pool().query(
      "SELECT tags->>'team' AS team, sub_account_id FROM cost_line WHERE import_id = $1",
      [result.importId],
    );
    expect(rows[0]).toEqual({ team: "\uFFFD", sub_account_id: "p\uFFFD" });
  });
});
