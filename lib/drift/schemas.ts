import { z } from "zod";
import { blankAsUnset, cursor, oneOf, pageLimit, text } from "../validation";

// What a drift file yields once parsed (by collectors/iac), and the list query of the API.

export const DRIFT_FORMATS = ["terraform-show", "terraform-plan-jsonl", "driftctl"] as const;
export type DriftFormat = (typeof DRIFT_FORMATS)[number];

/** changed: attributes differ from the state; missing: deleted outside Terraform; unmanaged: not in any state. */
export const DRIFT_KINDS = ["changed", "missing", "unmanaged"] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];

export const DRIFT_CAUSES = ["manual-change", "unapplied-code", "provider-version", "unknown"] as const;
export type DriftCause = (typeof DRIFT_CAUSES)[number];

export interface AttributeChange {
  path: string;
  before: unknown;
  after: unknown;
}

export interface DriftObservation {
  address: string;
  kind: DriftKind;
  type: string | null;
  provider: string | null;
  /** The id the cloud (and so the bill) knows the resource by, when the file gives it. */
  cloudId: string | null;
  changes: AttributeChange[];
  actions: string[];
  /** The resource's whole attributes before and after, when the file gives them: read by the policy rules, never stored. */
  values?: { before: unknown; after: unknown };
}

export interface PlannedChange {
  address: string;
  type: string | null;
  actions: string[];
  /** ["delete","create"] or ["create","delete"] (or the stream's "replace"). */
  replace: boolean;
  reason: string | null;
  changes: AttributeChange[];
}

export interface ParsedDrift {
  format: DriftFormat;
  /** Terraform's version (show, plan stream) or the provider's (driftctl): a change hints at the cause. */
  toolVersion: string | null;
  /** When the file says it was made; the import time otherwise. */
  detectedAt: Date | null;
  observations: DriftObservation[];
  planned: PlannedChange[];
  /** Counts the file states about itself (driftctl's summary and coverage, the stream's change_summary). */
  summary: Record<string, unknown>;
}

/** The kinds each format can see: a later import resolves only what it could have shown. */
export const KINDS_SEEN: Record<DriftFormat, readonly DriftKind[]> = {
  "terraform-show": ["changed", "missing"],
  "terraform-plan-jsonl": ["changed", "missing"],
  driftctl: ["unmanaged", "missing"],
};

export const encodeOffset = (offset: number) => Buffer.from(`o${offset}`).toString("base64url");
const decodeOffset = (value: string): number | null => {
  const match = /^o(\d{1,9})$/.exec(Buffer.from(value, "base64url").toString("utf8"));
  return match ? Number(match[1]) : null;
};

const Filter = z.preprocess(blankAsUnset, text(500, 1).optional());

export const ListDriftInput = z.object({
  status: z.preprocess(blankAsUnset, oneOf(["open", "resolved", "all"]).default("open")),
  workspace: Filter,
  kind: z.preprocess(blankAsUnset, oneOf(DRIFT_KINDS).optional()),
  cause: z.preprocess(blankAsUnset, oneOf(DRIFT_CAUSES).optional()),
  limit: z.preprocess(blankAsUnset, pageLimit()),
  cursor: z.preprocess(blankAsUnset, cursor(decodeOffset).optional()),
});
export type ListDriftInput = z.input<typeof ListDriftInput>;
