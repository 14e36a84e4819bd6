import { afterAll, describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { recordCostLines } from "@/lib/costs/record-cost-lines";
import { closeDb, db } from "@/lib/db";
import { addDays, utcDay } from "@/lib/time";
import { costLine, uniqueName } from "@/test/factories";
import { runWorker } from "./run-worker";

describe("worker (PostgreSQL job queue)", () => {
  afterAll(closeDb);

  it("runs the daily spend rollup from the queue when it starts", async () => {
    const service = uniqueName("queued");
    const yesterday = addDays(utcDay(new Date()), -1);
    await recordCostLines(systemCtx("test"), {
      source: uniqueName("worker-test"),
      lines: [costLine(yesterday, { billedCost: "42.5", tags: { service, env: "prod" } })],
    });
    const lines: string[] = [];
    const worker = await runWorker((line) => lines.push(line));
    try {
      const billed = async () => (await db().dailySpend.findFirst({ where: { service } }))?.billedCost.toString();
      await expect.poll(billed, { timeout: 20_000, interval: 250 }).toBe("42.5");
      expect(lines.some((line) => line.startsWith("rollup-daily-spend done"))).toBe(true);
    } finally {
      await worker.stop();
    }
  });
});
