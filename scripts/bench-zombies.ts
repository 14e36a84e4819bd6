import { systemCtx } from "@/lib/context";
import { getZombieSavings } from "@/lib/zombies/savings";
import { listZombies } from "@/lib/zombies/list-zombies";
import { scanZombies } from "@/lib/zombies/scan-zombies";
import { summarizeZombies } from "@/lib/zombies/summarize-zombies";
import { timedP95 } from "./bench-timing";
import { loadInventory } from "./bench-zombies-load";
import { runWithThrowawayDatabase } from "./throwaway-database";

// `npm run bench:zombies`: an inventory of 100,000 resources, 30 days of cost lines and metrics for
// 10,000 of them; times a full scan (every source read, every rule on every resource, findings
// stored: the first scan inserts them, the second refreshes them) and the p95 of the Zombies
// page's data (its tiles, groups and first page of findings, read together as the page does).

const ctx = systemCtx("bench");

runWithThrowawayDatabase("bench-zombies", async () => {
  const today = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000);
  await loadInventory(today);
  const now = new Date(today.getTime() + 9 * 3_600_000);
  const scans: number[] = [];
  let findings = 0;
  for (let i = 0; i < 2; i++) {
    const started = performance.now();
    const result = await scanZombies(ctx, now);
    scans.push(performance.now() - started);
    findings = result.found;
    console.log(
      `scan ${i + 1}: ${result.resources.toLocaleString("en-US")} resources, ${result.found.toLocaleString("en-US")} findings (${result.new} new) in ${(scans.at(-1)! / 1000).toFixed(1)} s`,
    );
  }
  const page = await timedP95(
    "Zombies page data",
    () => Promise.all([getZombieSavings(ctx), summarizeZombies(ctx, {}), listZombies(ctx, {})]),
    20,
    24,
  );
  await timedP95("Zombies of one team", () => listZombies(ctx, { team: "team-7" }), 20, 24);
  console.log(
    `zombies: scan ${(Math.max(...scans) / 1000).toFixed(1)} s, page ${page.toFixed(0)} ms, ${findings.toLocaleString("en-US")} findings`,
  );
});
