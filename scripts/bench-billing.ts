import fs from "node:fs";
import { once } from "node:events";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { importBillingFile } from "@/collectors/billing/import-billing-file";
import { allocateCosts } from "@/lib/attribution/allocate-costs";
import { systemCtx } from "@/lib/context";
import { pool } from "@/lib/db";
import { runWithThrowawayDatabase } from "./throwaway-database";

// `npm run bench:billing [rows]`: generates a FOCUS CSV (default 1,000,000 rows over one month),
// imports it through the upload's path (stream, parser, one COPY transaction), then COPYs the same
// rows as COPY text into the emptied table (the storage limit), then times a month's allocation
// over the imported lines. Prints figures and one summary line.

const ROWS = Number(process.argv[2] ?? 1_000_000);
const MONTH = "2026-10";
const SERVICES = ["payments-api", "ledger", "fraud-scoring", "kyc", "notifications"];
const FEATURES = ["card-payments", "instant-transfers", "account-onboarding", "fraud-prevention", "statements"];
const CLOUD_SERVICES = [
  ["Amazon Elastic Compute Cloud", "Compute"],
  ["Amazon Relational Database Service", "Databases"],
  ["Amazon Simple Storage Service", "Storage"],
  ["AWS Lambda", "Compute"],
  ["Amazon CloudWatch", "Management and Governance"],
  ["Amazon Virtual Private Cloud", "Networking"],
];
const HEADER =
  "BillingAccountId,BillingAccountName,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargeCategory,ChargeClass,ChargeDescription," +
  "ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,ListCost,ContractedCost,PricingQuantity,PricingUnit,ProviderName,PublisherName," +
  "InvoiceIssuerName,ServiceName,ServiceCategory,RegionId,ResourceId,ResourceName,ResourceType,SubAccountId,SkuId,Tags,x_UsageType\n";

/** A month of hourly lines over 2,000 resources: a third tagged with a feature, a third with only a service, a third untagged. */
async function generate(file: string): Promise<void> {
  const out = fs.createWriteStream(file);
  out.write(HEADER);
  let chunk = "";
  for (let i = 0; i < ROWS; i++) {
    const resource = i % 2000;
    const hour = Math.floor(i / 2000) % (31 * 24);
    const start = new Date(Date.UTC(2026, 9, 1) + hour * 3_600_000).toISOString().replace(".000Z", "Z");
    const end = new Date(Date.UTC(2026, 9, 1) + (hour + 1) * 3_600_000).toISOString().replace(".000Z", "Z");
    const [service, category] = CLOUD_SERVICES[resource % CLOUD_SERVICES.length];
    const cents = ((i * 7919) % 100_000) / 10_000;
    const billed = cents.toFixed(6);
    const effective = (cents * 0.8).toFixed(6);
    const tags =
      resource % 3 === 0
        ? `"{""feature"": ""${FEATURES[resource % 5]}"", ""team"": ""team-${resource % 7}"", ""env"": ""prod""}"`
        : resource % 3 === 1
          ? `"{""service"": ""${SERVICES[resource % 5]}"", ""env"": ""prod""}"`
          : "NULL";
    chunk +=
      `${resource % 2 ? "111122223333" : "444455556666"},Bench,USD,${MONTH}-01 00:00:00,2026-11-01 00:00:00,Usage,NULL,"${service} usage",` +
      `${start},${end},${billed},${effective},${(cents * 1.1).toFixed(6)},${effective},1.000000,Hours,AWS,"Amazon Web Services, Inc.",` +
      `"Amazon Web Services, Inc.",${service},${category},eu-west-1,arn:aws:ec2:eu-west-1:111122223333:instance/i-${resource.toString(16).padStart(12, "0")},` +
      `res-${resource},Instance,${resource % 4},SKU${resource % 50},${tags},BoxUsage:m5.large\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, "drain");
      chunk = "";
    }
  }
  out.end(chunk);
  await once(out, "finish");
}

/** Peak resident memory of this process while `work` runs, sampled every 50 ms. */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  try {
    const result = await work();
    return { result, peakMb: Math.max(peak, process.memoryUsage().rss) / 1024 / 1024 };
  } finally {
    clearInterval(timer);
  }
}

/** Imports the file through the upload's own path (parse, stream, one COPY transaction), timed. */
async function importFile(csv: string): Promise<{ rate: number; peakMb: number }> {
  const rssBefore = process.memoryUsage().rss / 1024 / 1024;
  const t0 = performance.now();
  const { result, peakMb } = await withPeakRss(() =>
    importBillingFile(
      systemCtx("bench"),
      { format: "focus", fileName: "focus.csv", via: "api" },
      fs.createReadStream(csv, { highWaterMark: 1 << 20 }),
    ),
  );
  const seconds = (performance.now() - t0) / 1000;
  const rate = result.rows / seconds;
  console.log(
    `import: ${result.rows.toLocaleString("en-US")} rows in ${seconds.toFixed(1)} s = ${Math.round(rate)} rows/s; billed ${result.billedCost}; peak RSS ${peakMb.toFixed(0)} MB (${rssBefore.toFixed(0)} MB before)`,
  );
  return { rate, peakMb };
}

/**
 * The storage limit: the imported rows, written out as COPY text by PostgreSQL itself, then COPYed
 * back into the emptied table; the table ends holding the same lines.
 */
async function plainCopy(dir: string): Promise<number> {
  const copyText = path.join(dir, "cost_line.copy");
  const { rows } = await pool().query<{ columns: string }>(
    `SELECT string_agg(column_name, ', ' ORDER BY ordinal_position) AS columns FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = 'cost_line' AND column_name NOT IN ('id', 'created_at')`,
  );
  const client = await pool().connect();
  try {
    await pipeline(
      client.query(copyTo(`COPY (SELECT ${rows[0].columns} FROM cost_line) TO STDOUT`)),
      fs.createWriteStream(copyText),
    );
    await client.query("TRUNCATE cost_line");
    await client.query("CHECKPOINT");
    const t0 = performance.now();
    await pipeline(
      fs.createReadStream(copyText, { highWaterMark: 1 << 20 }),
      client.query(copyFrom(`COPY cost_line (${rows[0].columns}) FROM STDIN`)),
    );
    const rate = ROWS / ((performance.now() - t0) / 1000);
    console.log(`plain COPY of the same rows: ${Math.round(rate)} rows/s`);
    return rate;
  } finally {
    client.release();
  }
}

/** A month's allocation over the imported lines, with telemetry for the split, timed. */
async function allocateMonth(): Promise<number> {
  // Per-minute feature usage for the services the shared lines name, written straight into the
  // rollup (this times the allocation, not trace ingest).
  await pool().query(
    `INSERT INTO feature_usage_minute (minute, service, feature, environment, requests, duration_ns)
     SELECT m, s, f, 'prod', 1 + (extract(epoch FROM m)::bigint % 17)::int, 1000000
     FROM generate_series($1::timestamptz, $2::timestamptz - interval '1 minute', interval '1 minute') m, unnest($3::text[]) s, unnest($4::text[]) f`,
    [`${MONTH}-01T00:00:00Z`, "2026-11-01T00:00:00Z", SERVICES, FEATURES.slice(0, 3)],
  );
  const t0 = performance.now();
  const allocation = await allocateCosts(systemCtx("bench"), { from: `${MONTH}-01`, to: "2026-11-01" });
  const seconds = (performance.now() - t0) / 1000;
  console.log(
    `allocation of ${MONTH}: ${allocation.lines.toLocaleString("en-US")} lines into ${allocation.rows.toLocaleString("en-US")} rows (${allocation.byMethod.tag} tag, ${allocation.byMethod.telemetry} telemetry, ${allocation.byMethod.unallocated} unallocated) in ${seconds.toFixed(1)} s`,
  );
  const { rows } = await pool().query<{ allocated: string; billed: string }>(
    "SELECT (SELECT sum(billed_cost) FROM cost_allocation)::text AS allocated, (SELECT sum(billed_cost) FROM cost_line)::text AS billed",
  );
  console.log(
    `conservation: allocated ${rows[0].allocated} of billed ${rows[0].billed}${rows[0].allocated === rows[0].billed ? " (equal)" : " (MISMATCH)"}`,
  );
  return seconds;
}

runWithThrowawayDatabase("bench-billing", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vigil-bench-billing-"));
  try {
    const csv = path.join(dir, "focus.csv");
    const t0 = performance.now();
    await generate(csv);
    console.log(
      `generated ${ROWS.toLocaleString("en-US")} FOCUS rows, ${(fs.statSync(csv).size / 1024 / 1024).toFixed(0)} MB, in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const imported = await importFile(csv);
    const copyRate = await plainCopy(dir);
    const allocationSeconds = await allocateMonth();
    console.log(
      `billing: ${Math.round(imported.rate)} rows/s, ${(imported.rate / copyRate).toFixed(2)} of COPY, rss ${imported.peakMb.toFixed(0)} MB, allocation ${allocationSeconds.toFixed(1)} s`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
