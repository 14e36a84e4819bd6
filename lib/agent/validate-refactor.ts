import { loadEvidence } from "@/lib/agent/load-evidence";
import { loadApprovedTeardowns, loadBill, loadInventory } from "@/lib/agent/load-facts";
import { readPatch } from "@/lib/agent/read-patch";
import {
  addressesExist,
  inScope,
  noDestroy,
  policyCheck,
  providerSchema,
  unreadable,
} from "@/lib/agent/refactor-checks";
import { evidenceExists } from "@/lib/agent/kind-checks";
import { recomputeRefactor, savingCheck } from "@/lib/agent/saving-check";
import type { Check, RefactorProposal, Verdict } from "@/lib/agent/schemas";
import { activeRules } from "@/lib/policy/active-rules";

// A refactor's checks: the patch read into changes, what Vigil knows about the addresses they
// touch loaded in one round, then every check run over them.

const NOT_CHECKED = ["in-scope", "no-destroy", "provider-schema", "policy"];

export async function validateRefactor(proposal: RefactorProposal, asOf: Date): Promise<Omit<Verdict, "status">> {
  const reading = await readPatch(proposal);
  const changes = reading.ok ? reading.changes : [];
  const touched = [...proposal.targets, ...changes.flatMap((c) => (c.from ? [c.from, c.address] : [c.address]))];
  const [inventory, approved, known, { rules }] = await Promise.all([
    loadInventory(touched),
    loadApprovedTeardowns(touched),
    loadEvidence(proposal.evidenceIds, asOf),
    activeRules(),
  ]);
  const bill = await loadBill(
    inventory.flatMap((r) => [r.cloudId ?? "", r.arn ?? ""]),
    asOf,
  );
  const recomputed = recomputeRefactor(changes, inventory, bill);
  const saving = savingCheck(proposal.saving, recomputed.total, recomputed.ceiling, recomputed.methods.join(", "));
  const patchChecks: Check[] = reading.ok
    ? [
        { name: "hcl-parses", passed: true, detail: `${reading.hunks} hunk(s) parse on both sides` },
        addressesExist(proposal.targets, changes, inventory),
        inScope(proposal, changes, reading.otherBlocks),
        noDestroy(changes, approved),
        providerSchema(changes),
        policyCheck(changes, rules),
      ]
    : [
        ...unreadable(reading.error),
        addressesExist(proposal.targets, [], inventory),
        ...NOT_CHECKED.map((name) => ({ name, passed: false, detail: "not checked: the patch could not be read" })),
      ];
  return {
    checks: [...patchChecks, saving.check, evidenceExists(proposal.evidenceIds, known)],
    monthlySavings: saving.savings,
    uncited: [],
  };
}
