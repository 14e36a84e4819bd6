import { validateProposal } from "@/lib/agent/validate-proposal";
import { systemCtx } from "@/lib/context";
import { AS_OF, loadEstate, RESOURCES } from "./bench-agent-load";
import { generateProposals } from "./bench-agent-proposals";
import { runWithThrowawayDatabase } from "./throwaway-database";

// `npm run bench:agent`: validation of 1,000 generated proposals against a 10,000-resource
// inventory, one after another as the agent runner calls it; target p95 under 200 ms a proposal.
// Prints the share of proposals each check rejected, then the summary line.

const PROPOSALS = 1_000;
const TARGET_MS = 200;
const ctx = systemCtx("bench");

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)];
}

runWithThrowawayDatabase("bench-agent", async () => {
  const loading = performance.now();
  const estate = await loadEstate();
  console.log(
    `estate: ${RESOURCES.toLocaleString("en-US")} resources, ${estate.findings.length} zombie findings in ${((performance.now() - loading) / 1000).toFixed(1)} s`,
  );
  const proposals = generateProposals(PROPOSALS, estate);
  await validateProposal(ctx, { proposal: proposals[0], asOf: AS_OF }); // warm: the parser's WebAssembly starts once
  const times: number[] = [];
  const failedBy = new Map<string, number>();
  const byKind = new Map<string, number>();
  let rejected = 0;
  for (const proposal of proposals) {
    const started = performance.now();
    const verdict = await validateProposal(ctx, { proposal, asOf: AS_OF });
    times.push(performance.now() - started);
    const kind = (proposal as { kind: string }).kind;
    byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
    if (verdict.status === "rejected") rejected += 1;
    for (const check of verdict.checks)
      if (!check.passed) failedBy.set(check.name, (failedBy.get(check.name) ?? 0) + 1);
  }
  console.log(`kinds: ${[...byKind].map(([kind, n]) => `${kind} ${n}`).join(", ")}`);
  for (const [name, n] of [...failedBy].sort((a, b) => b[1] - a[1]))
    console.log(`  rejected by ${name.padEnd(20)} ${((100 * n) / PROPOSALS).toFixed(1).padStart(5)}% (${n})`);
  const median = [...times].sort((a, b) => a - b)[PROPOSALS / 2];
  console.log(`median ${median.toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms`);
  const value = p95(times);
  console.log(`agent: validate p95 ${value.toFixed(1)} ms, ${PROPOSALS} proposals, rejected ${rejected}`);
  if (value > TARGET_MS) {
    console.error(`p95 above the ${TARGET_MS} ms target`);
    process.exitCode = 1;
  }
});
