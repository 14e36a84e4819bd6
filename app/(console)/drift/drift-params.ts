import { ListDriftInput } from "@/lib/drift/schemas";
import { type SearchParams, searchOf } from "@/lib/http/page-params";

export const PAGE_SIZE = 50;

export type DriftFilters = Record<"status" | "workspace" | "kind" | "cause", string | undefined>;

/** The page's view from its URL through the list verb's schema: a bad filter is shown, not thrown. */
export function driftParams(search: SearchParams) {
  const { values, problem } = searchOf(ListDriftInput, { ...search, limit: String(PAGE_SIZE) });
  const filters: DriftFilters = {
    status: values && values.status !== "open" ? values.status : undefined,
    workspace: values?.workspace,
    kind: values?.kind,
    cause: values?.cause,
  };
  return { input: values, problem, filters };
}

export function driftQuery(filters: Partial<DriftFilters>): URLSearchParams {
  return new URLSearchParams(Object.entries(filters).filter((entry): entry is [string, string] => Boolean(entry[1])));
}

export const CAUSE_LABELS: Record<string, string> = {
  "manual-change": "Manual change",
  "unapplied-code": "Unapplied code",
  "provider-version": "Provider/version change",
  unknown: "Unknown",
};

export const KIND_LABELS: Record<string, string> = {
  changed: "Changed",
  missing: "Deleted outside Terraform",
  unmanaged: "Unmanaged",
};

/** A value of an attribute as one short line. */
export function shown(value: unknown): string {
  if (value === null || value === undefined) return "—";
  return typeof value === "string" ? value : JSON.stringify(value);
}
