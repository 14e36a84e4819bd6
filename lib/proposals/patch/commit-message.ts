import type { ProposalView } from "@/lib/proposals/types";
import { indented, oneLine } from "@/lib/proposals/patch/message-text";

// The commit message of an approved proposal: who approved it and why, what the proposal claims
// and on which evidence, the checks it passed, the saving as claimed and as the bill has it, and
// the proposal id as a trailer. Every text from the model or a person is indented (message-text.ts).

export interface Approval {
  by: string;
  at: Date;
  reason: string;
}

function section(title: string, items: string[]): string[] {
  return items.length ? ["", `${title}:`, ...items] : [];
}

const list = (values: readonly string[]) => values.map((value) => `    - ${oneLine(value, 600)}`);

function saving(view: ProposalView): string[] {
  const { claimed, recomputed, currency } = view.monthlySavings;
  if (claimed === null && recomputed === null) return [];
  const unit = currency ? ` ${oneLine(currency, 3)}` : "";
  return [
    "",
    `Monthly saving: claimed ${claimed === null ? "none" : `${oneLine(claimed, 30)}${unit}`}, ` +
      `recomputed from the bill ${recomputed === null ? "unknown" : `${oneLine(recomputed, 30)}${unit}`}.`,
  ];
}

function proposalText(view: ProposalView): string[] {
  const p = view.proposal;
  if (p?.kind === "refactor")
    return [
      ...section("Rationale", [indented(p.rationale)]),
      "",
      `Risk: ${p.risk}`,
      ...section("Rollback", [indented(p.rollback)]),
    ];
  if (p?.kind === "teardown")
    return [...section("Judgement", [indented(p.judgement)]), ...section("Findings", list(p.findingIds))];
  return [];
}

export function commitMessage(view: ProposalView, approval: Approval, notes: string[] = []): string {
  const p = view.proposal;
  const evidence = p && "evidenceIds" in p ? p.evidenceIds : [];
  const source =
    view.source === "llm" ? `proposed by the model ${oneLine(view.model ?? "unknown", 100)}` : "rule-based";
  const lines = [
    `Vigil ${view.kind} proposal ${view.id} (${source}),`,
    `approved by ${oneLine(approval.by, 200)} on ${approval.at.toISOString()}.`,
    ...section("Reason for approval", [indented(approval.reason, 2000)]),
    ...proposalText(view),
    ...section("Targets", list(view.targets)),
    ...section("Evidence", list(evidence)),
    ...section(
      "Checks passed",
      view.checks.map((c) => `    - ${c.passed ? "" : "FAILED "}${oneLine(c.name, 60)}: ${oneLine(c.detail, 300)}`),
    ),
    ...saving(view),
    ...section(
      "Before merging",
      notes.map((note) => indented(`- ${note}`, 2000)),
    ),
    "",
    `Vigil-Proposal: ${view.id}`,
    `Approved-by: ${oneLine(approval.by, 200)}`,
  ];
  return `${lines.join("\n")}\n`;
}
