import { z } from "zod";
import { blankAsUnset, cursor, integer, isUuid, oneOf, text } from "@/lib/validation";
import { PROPOSAL_STATUSES } from "./types";

// The inputs of the proposal verbs, declared once for the routes, the pages and the tests.

export const PROPOSAL_KINDS = ["refactor", "teardown", "attribution", "explanation"] as const;
export const PROPOSAL_SOURCES = ["llm", "rule-based"] as const;

export const ProposalDecisionInput = z
  .object({
    decision: oneOf(["approve", "reject"]),
    reason: text(2000, 1)
      .refine((value) => value.trim() !== "", "must not be blank")
      .describe("Why: kept with the proposal and in the audit trail"),
  })
  .strict();
export type ProposalDecisionInput = z.input<typeof ProposalDecisionInput>;

/** A list position: the last row's created_at and id, opaque to clients. */
export interface ListPosition {
  createdAt: string;
  id: string;
}

export function encodeCursor(position: ListPosition): string {
  return Buffer.from(`${position.createdAt}|${position.id}`, "utf8").toString("base64url");
}

function decodeCursor(value: string): ListPosition | null {
  const [createdAt, id, ...rest] = Buffer.from(value, "base64url").toString("utf8").split("|");
  if (rest.length || !id || !isUuid(id) || !/^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(createdAt ?? "")) return null;
  return Number.isNaN(Date.parse(createdAt)) ? null : { createdAt, id };
}

export const ListProposalsInput = z.object({
  kind: z.preprocess(blankAsUnset, oneOf(PROPOSAL_KINDS).optional()),
  status: z.preprocess(blankAsUnset, oneOf(PROPOSAL_STATUSES).optional()),
  source: z.preprocess(blankAsUnset, oneOf(PROPOSAL_SOURCES).optional()),
  subject: z.preprocess(blankAsUnset, text(600, 1).optional()),
  cursor: z.preprocess(blankAsUnset, cursor(decodeCursor).optional()),
  limit: z.preprocess(blankAsUnset, integer(1, 100).default(50)),
});
export type ListProposalsInput = z.input<typeof ListProposalsInput>;

export const ExplanationRequest = z
  .object({
    subject: text(600, 3)
      .regex(/^(anomaly|slo-alert|drift|zombie|policy-finding):.+$/s, "must be kind:id")
      .describe("What to explain: anomaly:<id>, slo-alert:<id>, drift:<id>, zombie:<id> or policy-finding:<id>"),
  })
  .strict();
