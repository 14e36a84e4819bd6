import type { ProposalKind } from "@/lib/agent/schemas";
import { choiceOf, firstValue, type SearchParams } from "@/lib/http/page-params";
import type { ProposalStatus } from "@/lib/proposals/types";
import { text } from "@/lib/validation";

export const PAGE_SIZE = 50;

export const KIND_TABS = {
  all: "All kinds",
  refactor: "Refactors",
  teardown: "Teardowns",
  attribution: "Attributions",
  explanation: "Explanations",
} satisfies Record<ProposalKind | "all", string>;

export const STATUS_TABS = {
  all: "Any status",
  valid: "Awaiting decision",
  rejected: "Rejected",
  approved: "Approved",
  declined: "Declined",
  superseded: "Superseded",
} satisfies Record<ProposalStatus | "all", string>;

export type AgentFilters = { kind: keyof typeof KIND_TABS; status: keyof typeof STATUS_TABS };

const Cursor = text(500, 1);

/**
 * The Agent suggestions page's view from its URL: an unknown kind or status falls back to all (the
 * page's own links never send one); a cursor that can not be one is the problem to show.
 */
export function agentParams(search: SearchParams): {
  filters: AgentFilters;
  cursor: string | undefined;
  problem: string | null;
} {
  const filters: AgentFilters = {
    kind: choiceOf(KIND_TABS, search.kind, "all"),
    status: choiceOf(STATUS_TABS, search.status, "all"),
  };
  const raw = firstValue(search.cursor);
  if (raw === undefined || raw === "") return { filters, cursor: undefined, problem: null };
  const parsed = Cursor.safeParse(raw);
  if (!parsed.success) return { filters, cursor: undefined, problem: `cursor: ${parsed.error.issues[0].message}` };
  return { filters, cursor: parsed.data, problem: null };
}

/** The list's query: defaults left out so the URL stays short, `changes` over the current filters. */
export function agentQuery(filters: AgentFilters, changes: Partial<AgentFilters> = {}): URLSearchParams {
  const merged = { ...filters, ...changes };
  return new URLSearchParams(Object.entries(merged).filter(([, value]) => value !== "all"));
}

export function agentHref(filters: AgentFilters, changes: Partial<AgentFilters> = {}): string {
  const query = agentQuery(filters, changes).toString();
  return query ? `/agent?${query}` : "/agent";
}

/** The list verb's filters: "all" is no filter. */
export function listFilters(filters: AgentFilters): { kind?: ProposalKind; status?: ProposalStatus } {
  return {
    ...(filters.kind === "all" ? {} : { kind: filters.kind }),
    ...(filters.status === "all" ? {} : { status: filters.status }),
  };
}
