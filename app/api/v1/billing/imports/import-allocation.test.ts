import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as billingRoute from "@/app/api/v1/billing/imports/route";
import * as summaryRoute from "@/app/api/v1/costs/summary/route";
import { createApiKey } from "@/lib/access/api-keys";
import { systemCtx } from "@/lib/context";
import { allocatePendingImports } from "@/lib/costs/allocate-import";
import { listImports } from "@/lib/costs/list-imports";
import { closeDb } from "@/lib/db";
import { addDays } from "@/lib/time";
import { roleCtx, uniqueName } from "@/test/factories";

// An import is in every cost view when its POST answers: no worker run in between. Each test bills
// its own account on days in the 1990s that nothing else allocates, whatever the age of the period.

const HEADER =
  "BillingAccountId,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargeCategory,ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,ListCost,ProviderName,ServiceName,ResourceId,Tags";

interface Line {
  day: string;
  billed: string;
  effective?: string;
  feature: string;
  resource?: string;
}

/** A FOCUS file of one account, billed in the month of its first day. */
function focus(account: string, lines: Line[]): string {
  const month = lines[0].day.slice(0, 7);
  const rows = lines.map(
    (line, i) =>
      `${account},USD,${month}-01,${addDays(`${month}-28`, 4).slice(0, 7)}-01,Usage,${line.day},${addDays(line.day, 1)},` +
      `${line.billed},${line.effective ?? line.billed},${line.billed},AWS,Amazon EC2,${line.resource ?? `${account}-r${i}`},"{""Feature"":""${line.feature}""}"`,
  );
  return [HEADER, ...rows].join("\n") + "\n";
}

const randomOldDay = () => addDays("1991-01-01", Math.floor(Math.random() * 3000));
const account = () => String(100_000_000_000 + Math.floor(Math.random() * 800_000_000_000));

describe("an import's own allocation (PostgreSQL)", () => {
  let key = "";
  let readKey = "";
  beforeAll(async () => {
    key = (await createApiKey(systemCtx("test"), { name: uniqueName("alloc"), scopes: ["ingest:billing"] })).key;
    readKey = (await createApiKey(systemCtx("test"), { name: uniqueName("alloc-read"), scopes: ["read"] })).key;
  });
  afterAll(closeDb);

  async function post(csv: string, name = "bill.csv") {
    const response = await billingRoute.POST(
      new Request(`http://localhost/api/v1/billing/imports?format=focus&name=${name}`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}` },
        body: csv,
      }),
      { params: Promise.resolve({}) },
    );
    expect(response.status).toBe(201);
    return response.json();
  }

  /** GET /api/v1/costs/summary by feature: the key's cost, or undefined without one. */
  async function summary(from: string, to: string, feature: string, metric = "billed") {
    const response = await summaryRoute.GET(
      new Request(
        `http://localhost/api/v1/costs/summary?from=${from}&to=${to}&groupBy=feature&metric=${metric}&limit=1000`,
        { headers: { authorization: `Bearer ${readKey}` } },
      ),
      { params: Promise.resolve({}) },
    );
    expect(response.status).toBe(200);
    const rows: { key: string; cost: string }[] = await response.json();
    return rows.find((row) => row.key === feature)?.cost;
  }

  it("an old period's import is in the summary when the POST answers, and the Imports page says when", async () => {
    const day = randomOldDay();
    const feature = uniqueName("ledger-sync");
    const lines = [
      { day, billed: "1.5", effective: "1.25", feature },
      { day: addDays(day, 1), billed: "2.25", feature },
      { day: addDays(day, 2), billed: "3.000000000000000001", feature },
    ];
    const before = Date.now();
    const body = await post(focus(account(), lines));
    expect(body.allocation).toMatchObject({ from: day, to: addDays(day, 3), status: "allocated" });
    expect(Date.parse(body.allocation.allocatedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(await summary(day, addDays(day, 3), feature)).toBe("6.750000000000000001");
    expect(await summary(day, addDays(day, 3), feature, "effective")).toBe("6.500000000000000001");
    const listed = (await listImports(roleCtx("viewer"), { limit: 200 })).items.find((i) => i.id === body.importId);
    expect(listed?.allocation).toEqual({
      from: day,
      to: addDays(day, 3),
      status: "allocated",
      allocatedAt: body.allocation.allocatedAt,
      error: null,
    });
  });

  it("a newer import of the period that drops a day takes that day's figures away at once", async () => {
    const day = randomOldDay();
    const feature = uniqueName("payouts");
    const payer = account();
    await post(
      focus(
        payer,
        [0, 1, 2].map((n) => ({ day: addDays(day, n), billed: "10", feature })),
      ),
    );
    expect(await summary(day, addDays(day, 3), feature)).toBe("30");
    const restated = await post(focus(payer, [{ day, billed: "4", feature }]));
    expect(restated.allocation).toMatchObject({ from: day, to: addDays(day, 3), status: "allocated" });
    expect(await summary(day, addDays(day, 3), feature)).toBe("4");
  });

  it("imports of the same days committing together all show, none overwritten by an older read", async () => {
    const day = randomOldDay();
    const feature = uniqueName("kyc");
    const files = Array.from({ length: 6 }, (_, n) =>
      focus(account(), [
        { day, billed: `${n + 1}`, feature },
        { day: addDays(day, n % 2), billed: "0.5", feature },
      ]),
    );
    const bodies = await Promise.all(files.map((file, n) => post(file, `together-${n}.csv`)));
    expect(bodies.map((body) => body.allocation.status)).toEqual(Array(6).fill("allocated"));
    // 1 + 2 + ... + 6, and six halves.
    expect(await summary(day, addDays(day, 2), feature)).toBe("24");
  });

  it("a failed allocation keeps the lines, tells admins why, and the worker's retry takes it up", async () => {
    const day = randomOldDay();
    const feature = uniqueName("overflow");
    const [first, second] = [account(), account()];
    // Each file's total fits numeric(38,18); the two on one resource and day do not.
    const big = { day, billed: "60000000000000000000", feature, resource: uniqueName("shared-db") };
    await post(focus(first, [big]), "first.csv");
    const body = await post(focus(second, [big]), "second.csv");
    expect(body.allocation).toMatchObject({ status: "failed", allocatedAt: null });
    expect(await summary(day, addDays(day, 1), feature)).toBe("60000000000000000000");
    const find = async (role: "admin" | "viewer") =>
      (await listImports(roleCtx(role), { limit: 200 })).items.find((i) => i.id === body.importId);
    expect((await find("admin"))?.allocation).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/overflow/),
    });
    expect((await find("viewer"))?.allocation).toMatchObject({ status: "failed", error: null });
    expect((await allocatePendingImports(0)).failed).toContain(body.importId);

    // A corrected file of the same period replaces it; its days are allocated with the new lines.
    const fixed = await post(focus(second, [{ ...big, billed: "2" }]), "fixed.csv");
    expect(fixed.allocation.status).toBe("allocated");
    expect(await summary(day, addDays(day, 1), feature)).toBe("60000000000000000002");
    expect((await find("admin"))?.status).toBe("replaced");
    expect((await allocatePendingImports(0)).failed).not.toContain(body.importId);
  });
});
