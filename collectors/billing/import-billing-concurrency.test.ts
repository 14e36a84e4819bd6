import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { closeDb, pool } from "@/lib/db";
import { VigilError } from "@/lib/errors";
import { uniqueName } from "@/test/factories";
import { startImportRow } from "@/lib/costs/billing-import-row";
import { importBillingFile } from "./import-billing-file";
import { failInterruptedImports } from "@/lib/costs/interrupted-imports";
import { listImports } from "@/lib/costs/list-imports";
import { PERIOD_LOCK_SQL, periodLockName } from "@/lib/costs/period-locks";

const ctx = systemCtx("test");
const HEADER =
  "BillingAccountId,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargeCategory,ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,ListCost,ProviderName,ServiceName";
const row = (account: string, month: string) =>
  `${account},USD,${month}-01,${month}-28,Usage,${month}-02,${month}-03,2.5,2,3,AWS,Amazon EC2`;
const csv = (account: string, month: string) =>
  Buffer.from(`${HEADER}\n${row(account, month)}\n${row(account, month)}\n`);

const run = (fileName: string, body: AsyncIterable<Buffer>) =>
  importBillingFile(ctx, { format: "focus", fileName, via: "api" }, body);

/** A body that sends its first bytes, then waits for `release()` before the rest. */
function stalled(first: Buffer, rest: Buffer) {
  let release = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  async function* body() {
    yield first;
    await gate;
    yield rest;
  }
  return { body: body(), release };
}

async function statusOf(importId: string | undefined, fileName: string) {
  const page = await listImports(ctx, { limit: 200 });
  return page.items.find((item) => item.id === importId || item.fileName === fileName)?.status;
}

async function until(check: () => Promise<boolean>, ms = 5000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), ms))]);

describe("concurrent billing imports (PostgreSQL)", () => {
  let bomb: Buffer;
  beforeAll(async () => {
    // A header and an unclosed quote: about 300 KB of gzip that unzips to 300 MiB.
    const block = Buffer.alloc(1024 * 1024, "a");
    const parts = [Buffer.from(`${HEADER}\nacct,"`), ...Array.from({ length: 300 }, () => block)];
    const chunks: Buffer[] = [];
    const gzip = Readable.from(parts).pipe(zlib.createGzip({ level: 9 }));
    for await (const chunk of gzip) chunks.push(chunk as Buffer);
    bomb = Buffer.concat(chunks);
  });
  afterAll(closeDb);

  it("refuses a 300 KB gzip of an unclosed quote (300 MiB unzipped) in under 5 s while an import of another period completes", async () => {
    expect(bomb.length).toBeLessThan(400 * 1024);
    const account = uniqueName("beside");
    const started = performance.now();
    const [bad, good] = await Promise.allSettled([
      run("bomb.csv.gz", Readable.from([bomb])),
      run("beside.csv", Readable.from([csv(account, "2018-05")])),
    ]);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(bad.status).toBe("rejected");
    const err = (bad as PromiseRejectedResult).reason as VigilError;
    expect(err).toBeInstanceOf(VigilError);
    expect(err.status).toBe(400);
    expect(err.message).toMatch(/bomb\.csv\.gz, line 2, column BillingCurrency: cell longer than 65536 bytes/);
    expect(good).toMatchObject({ status: "fulfilled", value: { rows: 2, billedCost: "5" } });
  });

  it("imports of different periods do not wait for each other", async () => {
    const account = uniqueName("side");
    const slow = stalled(Buffer.from(`${HEADER}\n`), Buffer.from(`${row(account, "2018-06")}\n`));
    const first = run("slow.csv", slow.body);
    // The first import is open (its transaction begun, its body not finished) while the second runs.
    const second = await within(run("fast.csv", Readable.from([csv(account, "2018-07")])), 10_000);
    slow.release();
    expect(second).toMatchObject({ rows: 2 });
    expect(await first).toMatchObject({ rows: 1 });
  });

  it("an import of a period another import holds waits its turn, listed as queued, then succeeds", async () => {
    const account = uniqueName("queued");
    const holder = await pool().connect();
    try {
      await holder.query("BEGIN");
      await holder.query(PERIOD_LOCK_SQL, [periodLockName(["AWS", account, "2018-08-01T00:00:00.000Z"])]);
      const waiting = run("waiting.csv", Readable.from([csv(account, "2018-08")]));
      expect(await until(async () => (await statusOf(undefined, "waiting.csv")) === "queued")).toBe(true);
      // Another period is not held up by it.
      await expect(run("other.csv", Readable.from([csv(account, "2018-09")]))).resolves.toMatchObject({ rows: 2 });
      await holder.query("ROLLBACK");
      const result = await waiting;
      expect(await statusOf(result.importId, "waiting.csv")).toBe("succeeded");
    } finally {
      holder.release();
    }
  });

  it("an import whose process stopped is marked failed (interrupted), not left running; one still running is left alone", async () => {
    const account = uniqueName("interrupted");
    const crashedId = randomUUID();
    // What a crash leaves: the import's row, committed first, and its transaction (lock and lines) gone.
    await startImportRow({
      importId: crashedId,
      format: "focus",
      fileName: `${account}-crashed.csv`,
      via: "api",
      createdBy: "test",
    });
    const live = stalled(Buffer.from(`${HEADER}\n`), Buffer.from(`${row(account, "2018-10")}\n`));
    const running = run(`${account}-live.csv`, live.body);
    expect(await until(async () => (await statusOf(undefined, `${account}-live.csv`)) === "running")).toBe(true);
    await pool().query("UPDATE billing_import SET created_at = now() - interval '2 minutes' WHERE file_name LIKE $1", [
      `${account}-%`,
    ]);

    // Other files share the database: only this test's two imports are looked at.
    expect(await failInterruptedImports(ctx)).toContain(crashedId);
    const crashed = await pool().query(
      "SELECT status, error->>'message' AS message FROM billing_import WHERE id = $1",
      [crashedId],
    );
    expect(crashed.rows).toEqual([{ status: "failed", message: expect.stringMatching(/^interrupted: /) }]);
    expect(await statusOf(undefined, `${account}-live.csv`)).toBe("running");

    live.release();
    const result = await running;
    expect(await statusOf(result.importId, `${account}-live.csv`)).toBe("succeeded");
  });
});
