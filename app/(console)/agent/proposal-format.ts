import type { Check, ProposalKind } from "@/lib/agent/schemas";
import type { Permission } from "@/lib/context";
import { formatUsd, sumMoney } from "@/lib/decimal";
import type { ProposalSource, ProposalStatus } from "@/lib/proposals/types";
import { hasLoneSurrogate } from "@/lib/validation";

// How the agent pages word a proposal: its kind, source, status, savings, checks and evidence links.

export const KIND_LABELS: Record<ProposalKind, string> = {
  refactor: "Refactor",
  teardown: "Teardown",
  attribution: "Attribution",
  explanation: "Explanation",
};

export const STATUS_LABELS: Record<ProposalStatus, string> = {
  valid: "awaiting decision",
  rejected: "rejected",
  approved: "approved",
  declined: "declined",
  superseded: "superseded",
};

export type Tone = "ok" | "info" | "warn" | "bad" | "neutral";

const STATUS_TONES: Record<ProposalStatus, Tone> = {
  valid: "info",
  rejected: "bad",
  approved: "ok",
  declined: "neutral",
  superseded: "neutral",
};

/** The colour a status wears; a status this page does not know is neutral rather than an error. */
export const statusTone = (status: string): Tone =>
  Object.hasOwn(STATUS_TONES, status) ? STATUS_TONES[status as ProposalStatus] : "neutral";

/** "rule-based", or the model that answered: "LLM · gpt-4o-mini". */
export function sourceText(source: ProposalSource, model: string | null): string {
  if (source === "rule-based") return "rule-based";
  return `LLM · ${model?.trim() || "unnamed model"}`;
}

/** An amount in its own currency, or a dash when there is no figure; never converted. */
export function moneyText(amount: string | null, currency: string | null): string {
  if (amount === null) return "—";
  if (!currency) return `${amount} (currency unknown)`;
  return formatUsd(amount, { currency });
}

/**
 * The recomputed monthly savings per currency, each currency summed on its own and never across
 * currencies; proposals with no recomputed figure are left out (and counted).
 */
export function savingsByCurrency(
  items: readonly { monthlySavings: { recomputed: string | null; currency: string | null } }[],
): { totals: { currency: string; total: string; count: number }[]; withoutFigure: number } {
  const groups = new Map<string, string[]>();
  let withoutFigure = 0;
  for (const { monthlySavings: s } of items) {
    if (s.recomputed === null || !s.currency) {
      withoutFigure += 1;
      continue;
    }
    groups.set(s.currency, [...(groups.get(s.currency) ?? []), s.recomputed]);
  }
  const totals = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, values]) => ({ currency, total: sumMoney(values), count: values.length }));
  return { totals, withoutFigure };
}

/** Who may decide a proposal of this kind (admins hold every permission); null: nobody decides it. */
export function deciderPermission(kind: ProposalKind): Permission | null {
  if (kind === "refactor") return "services:manage";
  if (kind === "teardown" || kind === "attribution") return "costs:manage";
  return null;
}

export const failedChecks = (checks: readonly Check[]): Check[] => checks.filter((check) => !check.passed);

/** "Rejected: no-destroy (aws_db_instance.main is replaced); saving (…)", for a rejected proposal. */
export function rejectedText(checks: readonly Check[]): string {
  const failed = failedChecks(checks);
  if (!failed.length) return "Rejected";
  return `Rejected: ${failed.map((check) => (check.detail ? `${check.name} (${check.detail})` : check.name)).join("; ")}`;
}

const HEX_TRACE = /^[0-9a-f]{32}$/i;

/**
 * The console page an evidence id (kind:id) points at, or null when Vigil has no page for it (an SLO
 * alert, a policy finding) or the id is malformed (a lone surrogate can not be put in an address).
 */
export function evidenceHref(evidence: string): string | null {
  const colon = evidence.indexOf(":");
  if (colon <= 0 || colon === evidence.length - 1 || hasLoneSurrogate(evidence)) return null;
  const kind = evidence.slice(0, colon);
  const id = evidence.slice(colon + 1);
  switch (kind) {
    case "anomaly":
      return `/anomalies/${encodeURIComponent(id)}`;
    case "zombie":
      return `/zombies/${encodeURIComponent(id)}`;
    case "drift":
      return `/drift/${encodeURIComponent(id)}`;
    case "trace":
      return HEX_TRACE.test(id) ? `/traces/${id.toLowerCase()}` : null;
    case "resource":
      return `/costs/inventory?${new URLSearchParams({ q: id })}`;
    case "bill":
      return `/costs?${new URLSearchParams({ resource: id })}`;
    default:
      return null;
  }
}

/** "2026-12-07 11:58 UTC": the minute a proposal was made or decided. */
export const minuteText = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;
