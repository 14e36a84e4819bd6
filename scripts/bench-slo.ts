import { systemCtx } from "@/lib/context";
import { pool } from "@/lib/db";
import { createSlo } from "@/lib/slo/create-slo";
import { evaluateSlos } from "@/lib/slo/evaluate-slos";
import { getSlo } from "@/lib/slo/get-slo";
import { listSlos } from "@/lib/slo/list-slos";
import { sloSeries } from "@/lib/slo/slo-series";
import { loadRollups, OPERATIONS, SERVICES, serviceName } from "./bench-slo-load";
import { timedP95 } from "./bench-timing";
import { runWithThrowawayDatabase } from "./throwaway-database";

// `npm run bench:slo`: 1,000 SLOs (5 per service: availability of the service and of one operation,
// 5xx availability, latency of the service and of one operation) over 200 services with 28 days of
// rollups; times one full evaluation cycle (every SLO read, stored and its alerts moved) and the
// p95 of the SLO list (a page of 50) and of one SLO page's data (the SLO and its hourly series).

const HOUR = 3_600_000;
const ctx = systemCtx("bench");

function sloOf(s: number, k: number) {
  const service = serviceName(s);
  const base = { service, objectivePercent: 99.5, window: "28d" } as const;
  const operation = OPERATIONS[(s + k) % OPERATIONS.length];
  return [
    { ...base, name: `${service}-availability`, sli: { type: "availability" } },
    { ...base, name: `${service}-op-availability`, operation, sli: { type: "availability" } },
    { ...base, name: `${service}-5xx`, sli: { type: "availability", errorWhen: "http-5xx" } },
    { ...base, name: `${service}-latency`, sli: { type: "latency", thresholdMs: 300 } },
    { ...base, name: `${service}-op-latency`, operation, sli: { type: "latency", thresholdMs: 1000 } },
  ][k];
}

runWithThrowawayDatabase("bench-slo", async () => {
  const until = Math.floor(Date.now() / HOUR) * HOUR - HOUR;
  const loadStarted = performance.now();
  const { minutes, hours } = await loadRollups(until);
  console.log(
    `loaded ${minutes.toLocaleString("en-US")} minute and ${hours.toLocaleString("en-US")} hour rows in ${((performance.now() - loadStarted) / 1000).toFixed(0)} s`,
  );
  for (let s = 0; s < SERVICES; s++) for (let k = 0; k < 5; k++) await createSlo(ctx, sloOf(s, k));
  await pool().query(
    "INSERT INTO span_rollup_state (id, rolled_until) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET rolled_until = $1",
    [new Date(until)],
  );
  // Evaluated 23 minutes before the loaded hour's end, as the worker runs at any minute: every
  // window then has partial hours and days at its ends.
  const now = new Date(until - 23 * 60_000 + 30_000);
  const cycles: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const run = await evaluateSlos(ctx, now);
    cycles.push(performance.now() - started);
    if (run.failed.length) throw new Error(`${run.failed.length} SLOs failed: ${run.failed[0].error}`);
    console.log(`evaluation cycle ${i + 1}: ${run.evaluated} SLOs in ${cycles.at(-1)?.toFixed(0)} ms`);
  }
  const cycle = Math.max(...cycles);
  const { items } = await listSlos(ctx, { limit: 200 }, now);
  const list = await timedP95("SLO list, a page of 50", () => listSlos(ctx, {}, now), 20, 30);
  let pick = 0;
  const detail = await timedP95(
    "one SLO page (SLO + hourly series)",
    async () => {
      const id = items[pick++ % items.length].id;
      await Promise.all([getSlo(ctx, id, now), sloSeries(ctx, id, now)]);
    },
    20,
    30,
  );
  console.log(`slo: cycle ${cycle.toFixed(0)} ms, list ${list.toFixed(0)} ms, detail ${detail.toFixed(0)} ms`);
});
