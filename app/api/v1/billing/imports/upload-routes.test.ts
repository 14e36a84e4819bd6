import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as billingRoute from "@/app/api/v1/billing/imports/route";
import * as stateRoute from "@/app/api/v1/inventory/terraform-state/route";
import { createApiKey } from "@/lib/access/api-keys";
import { systemCtx } from "@/lib/context";
import { closeDb } from "@/lib/db";
import { uniqueName } from "@/test/factories";

// The upload routes as the web server runs them, with real keys and streamed bodies: the caller is
// checked before any of the body is read, and the body is read under the cap with flat memory.
process.env.VIGIL_BILLING_MAX_FILE_MB = "8";

const MB = 1024 * 1024;
const HEADER =
  "BillingAccountId,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargeCategory,ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,ListCost,ProviderName,ServiceName";

/** A body of `total` bytes made as it is read; `pulled` counts what the server read. */
function generatedBody(total: number, head: string, line: string) {
  const state = { pulled: 0 };
  const text = Buffer.from(line.repeat(Math.ceil((64 * 1024) / line.length)));
  let first = true;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled >= total) return controller.close();
      const chunk = first ? Buffer.concat([Buffer.from(head), text]) : Buffer.from(text);
      first = false;
      state.pulled += chunk.length;
      controller.enqueue(chunk);
    },
  });
  return { stream, state };
}

/** The peak RSS growth while `work` runs, in MiB. */
async function peakGrowth<T>(work: () => Promise<T>): Promise<{ result: T; mb: number }> {
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, mb: (peak - before) / MB };
  } finally {
    clearInterval(timer);
  }
}

const post = (handler: typeof billingRoute.POST, path: string, key: string, body: ReadableStream<Uint8Array>) =>
  handler(
    new Request(`http://localhost${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}` },
      body,
      duplex: "half",
    } as RequestInit),
    { params: Promise.resolve({}) },
  );

describe("upload routes (PostgreSQL)", () => {
  const keys: Record<string, string> = {};
  beforeAll(async () => {
    for (const scope of ["read", "ingest:billing", "ingest:iac"] as const)
      keys[scope] = (await createApiKey(systemCtx("test"), { name: uniqueName("upload"), scopes: [scope] })).key;
  });
  afterAll(closeDb);

  it.each([
    {
      what: "billing upload",
      handler: billingRoute.POST,
      path: "/api/v1/billing/imports?format=focus",
      head: `${HEADER}\n`,
    },
    {
      what: "Terraform state",
      handler: stateRoute.POST,
      path: "/api/v1/inventory/terraform-state?name=big.tfstate",
      head: '{"version":4,"lineage":"',
    },
  ])("a read-only key's 200 MB $what is a 403 before any of it is read", async ({ handler, path, head }) => {
    const { stream, state } = generatedBody(200 * MB, head, "x".repeat(100));
    const started = performance.now();
    const { result: response, mb } = await peakGrowth(() => post(handler, path, keys.read, stream));
    expect(response.status).toBe(403);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(state.pulled).toBeLessThan(1 * MB);
    expect(mb).toBeLessThan(50);
  });

  it("a billing upload over the cap is a 413 naming the limit, read only up to the cap, memory flat", async () => {
    const account = uniqueName("big");
    const line = `${account},USD,2016-01-01,2016-02-01,Usage,2016-01-02,2016-01-03,1,1,1,AWS,Amazon EC2\n`;
    const { stream, state } = generatedBody(200 * MB, `${HEADER}\n`, line);
    const { result: response, mb } = await peakGrowth(() =>
      post(billingRoute.POST, "/api/v1/billing/imports?format=focus&name=big.csv", keys["ingest:billing"], stream),
    );
    expect(response.status).toBe(413);
    const body = await response.json();
    expect(body.error.message).toMatch(
      /big\.csv: the file is larger than the 8 MiB limit \(VIGIL_BILLING_MAX_FILE_MB\)/,
    );
    expect(state.pulled).toBeLessThan(9 * MB);
    expect(mb).toBeLessThan(100);
  }, 60_000);

  it("a gzip of an unclosed quote is a 400 naming file, line and column, in well under 5 s", async () => {
    const bomb = zlib.gzipSync(Buffer.concat([Buffer.from(`${HEADER}\nacct,"`), Buffer.alloc(64 * MB, "a")]), {
      level: 9,
    });
    const started = performance.now();
    const response = await post(
      billingRoute.POST,
      "/api/v1/billing/imports?format=focus&name=bomb.csv.gz",
      keys["ingest:billing"],
      new Blob([bomb]).stream(),
    );
    expect(performance.now() - started).toBeLessThan(5000);
    expect(response.status).toBe(400);
    expect(response.headers.get("connection")).toBe("close");
    expect(await response.json()).toMatchObject({
      file: "bomb.csv.gz",
      line: 2,
      column: "BillingCurrency",
      error: { message: expect.stringMatching(/cell longer than 65536 bytes/) },
    });
  });

  it("a Terraform state with a 1 MB lineage is a 400 naming lineage", async () => {
    const stream = new Blob([`{"version":4,"serial":1,"lineage":"${"l".repeat(MB)}","resources":[]}`]).stream();
    const response = await post(
      stateRoute.POST,
      "/api/v1/inventory/terraform-state?name=long.tfstate",
      keys["ingest:iac"],
      stream,
    );
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({
      field: "lineage",
      message: expect.stringMatching(/long\.tfstate: lineage: longer than 256 characters/),
    });
  });

  it("a page cursor that is not an import id is a 400 naming after", async () => {
    const response = await billingRoute.GET(
      new Request("http://localhost/api/v1/billing/imports?after=zz", {
        headers: { authorization: `Bearer ${keys.read}` },
      }),
      { params: Promise.resolve({}) },
    );
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({ field: "after" });
  });
});
