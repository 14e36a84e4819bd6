import { Readable } from "node:stream";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { VigilError } from "@/lib/errors";
import { parseBillingFile } from "./parse-billing-file";
import { type BillingLimits, DEFAULT_LIMITS } from "./limits";

const HEADER =
  "BillingAccountId,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargeCategory,ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,ListCost,ProviderName,ServiceName";
const ROW = "111,USD,2024-01-01,2024-02-01,Usage,2024-01-02,2024-01-03,1.5,1.5,2,AWS,Amazon EC2";

/** `head` then `total` bytes of `fill`, made as they are read; `pulled` says how many were. */
function generated(head: string, total: number, fill = "a", chunk = 64 * 1024) {
  const block = Buffer.alloc(chunk, fill);
  const state = { pulled: 0 };
  async function* bytes() {
    yield Buffer.from(head);
    for (let sent = 0; sent < total; sent += chunk) {
      state.pulled += chunk;
      yield block;
    }
  }
  return { stream: bytes(), state };
}

async function drain(input: AsyncIterable<Buffer>, limits?: BillingLimits, format: "focus" | "gcp" = "focus") {
  const rows = [];
  for await (const row of parseBillingFile(input, { format, file: "x.csv", limits })) rows.push(row);
  return rows;
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (err: unknown) => err as VigilError,
  );

describe("billing file limits", () => {
  it("refuses an unclosed quote over 300 MiB at the cell cap, naming line and column, after reading about one cell", async () => {
    const { stream, state } = generated(
      `${HEADER}\n111,USD,2024-01-01,2024-02-01,Usage,2024-01-02,2024-01-03,"`,
      300 * 1024 * 1024,
    );
    const started = performance.now();
    const err = await failure(drain(stream));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(err).toBeInstanceOf(VigilError);
    expect(err?.status).toBe(400);
    expect(err?.details).toMatchObject({ file: "x.csv", line: 2, column: "BilledCost" });
    expect(err?.message).toMatch(
      /x\.csv, line 2, column BilledCost: cell longer than 65536 bytes \(a quote opened on line 2 is never closed\?\)/,
    );
    expect(state.pulled).toBeLessThan(DEFAULT_LIMITS.maxCellBytes + 256 * 1024);
  });

  it("refuses the same quote gzipped: the unzipped stream is checked, not the 300 KB sent", async () => {
    const { stream } = generated(`${HEADER}\n"`, 64 * 1024 * 1024);
    const gz = Readable.from(stream).pipe(zlib.createGzip({ level: 1 }));
    const err = await failure(drain(gz));
    expect(err?.details).toMatchObject({ line: 2, column: "BillingAccountId" });
  });

  it("names an unclosed quote at the end of the file by the line it starts on", async () => {
    const err = await failure(drain(Readable.from([Buffer.from(`${HEADER}\n${ROW}\n${ROW}\n111,"USD,x\ny""z\n`)])));
    expect(err?.details).toMatchObject({ line: 4, column: "BillingCurrency" });
    expect(err?.message).toMatch(/line 4, column BillingCurrency: unclosed quote starting at line 4/);
  });

  it("refuses a record over the record cap, and a JSON line over it", async () => {
    const limits = { ...DEFAULT_LIMITS, maxCellBytes: 1024, maxRecordBytes: 4096 };
    const wide = Array.from({ length: 10 }, () => "x".repeat(1000)).join(",");
    const err = await failure(drain(Readable.from([Buffer.from(`${HEADER}\n${ROW}\n${wide}\n`)]), limits));
    expect(err?.details).toMatchObject({ line: 3, column: null });
    expect(err?.message).toMatch(/line 3: record longer than 4096 bytes/);
    const json = await failure(
      drain(Readable.from([Buffer.from(`{"a":1}\n{"b":"${"x".repeat(5000)}"}\n`)]), limits, "gcp"),
    );
    expect(json?.message).toMatch(/line 2: line longer than 4096 bytes/);
  });

  it("passes quoted cells with commas, escaped quotes and line breaks, and a wide row of many tag columns", async () => {
    const tags = Array.from({ length: 400 }, (_, i) => `x_tag_${i}`);
    const values = tags.map((_, i) => `"value ""${i}"", with a comma\nand a line break ${"v".repeat(200)}"`);
    const csv = `${HEADER},${tags.join(",")}\n${ROW},${values.join(",")}\n${ROW},${values.join(",")}\n`;
    const rows = await drain(Readable.from([Buffer.from(csv)]));
    expect(rows).toHaveLength(2);
    expect(rows[1].extras.x_tag_399).toMatch(/^value "399", with a comma\nand a line break v+$/);
  });

  it("refuses a file over the size cap with 413, sent or unzipped, naming the limit", async () => {
    const limits = { ...DEFAULT_LIMITS, maxFileBytes: 1024 * 1024 };
    const rows = Array.from({ length: 20_000 }, () => ROW).join("\n");
    const plain = Buffer.from(`${HEADER}\n${rows}\n`);
    const sent = await failure(drain(Readable.from([plain]), limits));
    expect(sent?.status).toBe(413);
    expect(sent?.message).toMatch(/x\.csv: the file is larger than the 1 MiB limit \(VIGIL_BILLING_MAX_FILE_MB\)/);
    const unzipped = await failure(drain(Readable.from([zlib.gzipSync(plain)]), limits));
    expect(unzipped?.status).toBe(413);
    expect(unzipped?.message).toMatch(/unzipped, the file is larger than the 1 MiB limit/);
  });
});
