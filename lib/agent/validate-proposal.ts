import {
  allocationRule,
  evidenceExists,
  explanationChecks,
  findingsOpen,
  matchesUnallocated,
  notProtected,
} from "@/lib/agent/kind-checks";
import { loadEvidence } from "@/lib/agent/load-evidence";
import { loadBill, loadFindings, loadInventory } from "@/lib/agent/load-facts";
import { loadUnallocated } from "@/lib/agent/load-unallocated";
import { billedCost, savingCheck } from "@/lib/agent/saving-check";
import {
  type AttributionProposal,
  type ExplanationProposal,
  Proposal,
  type TeardownProposal,
  type Verdict,
} from "@/lib/agent/schemas";
import { validateRefactor } from "@/lib/agent/validate-refactor";
import { authorize, type Ctx } from "@/lib/context";
import { withSpan } from "@/lib/telemetry";
import { readThresholds } from "@/lib/zombies/zombie-settings";

// Everything an agent proposes is checked against what Vigil knows before a person sees it. All
// checks run (a person sees every reason, not the first); any failure rejects the proposal. The
// proposal's own text is data: nothing in it is followed, only parsed and compared.

type Partial = Omit<Verdict, "status">;
const NO_SAVING: Verdict["monthlySavings"] = { claimed: null, recomputed: null, currency: null };

async function validateTeardown(proposal: TeardownProposal, asOf: Date): Promise<Partial> {
  const [findings, known, { thresholds }] = await Promise.all([
    loadFindings(proposal.findingIds),
    loadEvidence(proposal.evidenceIds, asOf),
    readThresholds(),
  ]);
  const addresses = findings.flatMap((f) => (f.address ? [f.address] : []));
  const inventory = await loadInventory(addresses);
  const bill = await loadBill(
    findings.flatMap((f) => [f.resourceId, f.arn ?? ""]),
    asOf,
  );
  const cost = billedCost(
    bill,
    findings.flatMap((f) => [f.resourceId, f.arn]),
  );
  const saving = savingCheck(proposal.saving, cost, cost, "the findings' bill over the last 30 days");
  return {
    checks: [
      findingsOpen(proposal.findingIds, findings),
      notProtected(findings, inventory, thresholds.protectTagKey),
      saving.check,
      evidenceExists(proposal.evidenceIds, known),
    ],
    monthlySavings: saving.savings,
    uncited: [],
  };
}

async function validateAttribution(proposal: AttributionProposal, asOf: Date): Promise<Partial> {
  const [matched, known] = await Promise.all([
    loadUnallocated(proposal.mapping, asOf),
    loadEvidence(proposal.evidenceIds, asOf),
  ]);
  return {
    checks: [
      allocationRule(proposal.mapping),
      matchesUnallocated(matched),
      evidenceExists(proposal.evidenceIds, known),
    ],
    monthlySavings: NO_SAVING,
    uncited: [],
  };
}

async function validateExplanation(proposal: ExplanationProposal, asOf: Date): Promise<Partial> {
  const ids = [proposal.subject, ...proposal.claims.flatMap((claim) => claim.citations)];
  const { checks, uncited } = explanationChecks(proposal, await loadEvidence(ids, asOf));
  return { checks, monthlySavings: NO_SAVING, uncited };
}

/** The verdict on one proposal as the model answered it (unknown until it parses). */
export async function validateProposal(ctx: Ctx, input: { proposal: unknown; asOf?: Date }): Promise<Verdict> {
  authorize(ctx, "read");
  const asOf = input.asOf ?? new Date();
  const parsed = Proposal.safeParse(input.proposal);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join(".") || "proposal"}: ${issue.message}`)
      .join("; ");
    return {
      status: "rejected",
      checks: [{ name: "schema", passed: false, detail }],
      monthlySavings: NO_SAVING,
      uncited: [],
    };
  }
  const proposal = parsed.data;
  return withSpan("validateProposal", { "vigil.agent.kind": proposal.kind }, async () => {
    const result =
      proposal.kind === "refactor"
        ? await validateRefactor(proposal, asOf)
        : proposal.kind === "teardown"
          ? await validateTeardown(proposal, asOf)
          : proposal.kind === "attribution"
            ? await validateAttribution(proposal, asOf)
            : await validateExplanation(proposal, asOf);
    const checks = [{ name: "schema", passed: true, detail: `a ${proposal.kind} proposal` }, ...result.checks];
    return { ...result, checks, status: checks.every((c) => c.passed) ? "valid" : "rejected" };
  });
}
