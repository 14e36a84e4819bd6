import { z } from "zod";
import { blankAsUnset, cursor, isUuid, oneOf, pageLimit, text, timestamp } from "../validation";

// A policy rule as teams write it in YAML (VIGIL_POLICY_DIR) and as the built-in pack declares it.
// `expression` is CEL over `resource` ({ type, address, attributes, tags, region }) and is true when
// the resource complies.

export const SEVERITIES = ["critical", "high", "medium", "low"] as const;
export type Severity = (typeof SEVERITIES)[number];

const RuleText = (max: number) =>
  z
    .string()
    .min(1, "must not be empty")
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !value.includes("\0"), "contains a NUL character")
    .refine((value) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value), {
      message: "contains a lone surrogate (not valid Unicode)",
    });

export const PolicyRule = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, "must be 1-100 lowercase letters, digits, dots, dashes or underscores"),
  title: RuleText(200),
  severity: z.enum(SEVERITIES, { error: `must be one of ${SEVERITIES.join(", ")}` }),
  resourceTypes: z
    .array(z.string().regex(/^[a-z0-9_]+\*?$|^\*$/, "must be a resource type such as aws_s3_bucket, or a prefix*"))
    .min(1, "name at least one resource type")
    .max(100),
  expression: RuleText(4096),
  remediation: RuleText(2000),
  controls: z.array(RuleText(100)).max(50).default([]),
});
export type PolicyRule = z.infer<typeof PolicyRule>;

export const RuleFile = z.object({ rules: z.array(z.unknown()).max(1000, "at most 1000 rules per file") });

/** What a rule is evaluated over: one resource of a state or a plan. */
export interface PolicyResource {
  type: string;
  address: string;
  attributes: Record<string, unknown>;
  tags: Record<string, string>;
  /** The region from attributes.region, the ARN or the availability zone; '' when none says. */
  region: string;
}

export interface Violation {
  ruleId: string;
  title: string;
  severity: Severity;
  address: string;
  type: string;
  message: string;
  remediation: string;
  controls: string[];
}

/** A rule that could not be used, or stopped being evaluated: named with its file and why. */
export interface RuleProblem {
  file: string;
  ruleId: string | null;
  problem: string;
}

export const TOOLS = ["vigil", "checkov", "tfsec", "trivy", "conftest"] as const;
export const FINDING_STATUSES = ["open", "resolved", "waived"] as const;
export const FINDING_SEVERITIES = [...SEVERITIES, "info"] as const;

/** Keyset position: the severity's rank and the finding's id, opaque to callers. */
const FindingCursor = z.preprocess(
  blankAsUnset,
  cursor((value) => {
    const [rank, id] = Buffer.from(value, "base64url").toString("utf8").split("/");
    return /^[0-4]$/.test(rank ?? "") && isUuid(id ?? "") ? { rank: Number(rank), id } : null;
  }).optional(),
);

export const ListFindingsInput = z.object({
  status: z.preprocess(blankAsUnset, oneOf([...FINDING_STATUSES, "all"]).default("open")),
  severity: z.preprocess(blankAsUnset, oneOf(FINDING_SEVERITIES).optional()),
  tool: z.preprocess(blankAsUnset, oneOf(TOOLS).optional()),
  environment: z.preprocess(blankAsUnset, text(200).optional()),
  limit: pageLimit(),
  cursor: FindingCursor,
});
export type ListFindingsInput = z.input<typeof ListFindingsInput>;

export const WaiverInput = z
  .object({
    reason: text(2000, 1).refine((value) => value.trim() !== "", "must not be blank"),
    until: timestamp().describe("When the waiver ends and the finding reopens, ISO 8601; at most a year ahead"),
  })
  .strict();
export type WaiverInput = z.input<typeof WaiverInput>;
