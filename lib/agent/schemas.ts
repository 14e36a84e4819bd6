import { z } from "zod";
import { text } from "@/lib/validation";

// What the agent may propose, one schema per kind, declared once: the agent runner turns them into
// JSON schema for structured output, the validator parses the model's answer with them, and the
// proposal pages show them. Every text is bounded and storable (no NUL, no lone surrogate); a
// proposal that does not parse is rejected before any other check runs.

/** Largest patch accepted: a right-size touches a few blocks, never a whole repository. */
export const MAX_PATCH_CHARS = 64_000;
export const MAX_TARGETS = 50;

export const EVIDENCE_KINDS = [
  "resource",
  "bill",
  "zombie",
  "policy-finding",
  "drift",
  "anomaly",
  "slo-alert",
  "trace",
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const EvidenceId = text(600, 3)
  .regex(
    new RegExp(`^(${EVIDENCE_KINDS.join("|")}):.+$`, "s"),
    `must be <kind>:<id> with kind one of ${EVIDENCE_KINDS.join(", ")}`,
  )
  .describe(
    "What Vigil knows that supports the proposal, as kind:id: resource:<terraform address>, bill:<billed resource id>, zombie:<finding id>, policy-finding:<id>, drift:<id>, anomaly:<id>, slo-alert:<id>, trace:<32 hex trace id>",
  );

export const Address = text(500, 3)
  .regex(
    /^(module\.[A-Za-z0-9_-]+(\[[^\]]{1,200}\])?\.)*(data\.)?[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*(\[[^\]]{1,200}\])?$/,
    "must be a Terraform resource address such as module.app.aws_instance.web",
  )
  .describe("A Terraform resource address as the state names it");

const Decimal = z
  .string()
  .regex(/^\d{1,14}(\.\d{1,6})?$/, "must be a plain non-negative decimal such as 41.50")
  .describe("A monthly amount in the resource's billing currency, plain decimal text");

const Rationale = text(4000, 1).describe("Why, in plain words, for the person who approves it");
const EvidenceIds = z.array(EvidenceId).max(100).describe("The evidence the proposal relies on");

export const Saving = z
  .object({
    monthly: Decimal,
    currency: text(3, 3).regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as USD"),
    method: text(1000, 1).describe(
      "How the saving was estimated, for instance the bill's last 30 days times the size ratio",
    ),
  })
  .describe("The estimated monthly saving; Vigil recomputes it from the bill and shows both");

export const Patch = z
  .discriminatedUnion("format", [
    z.object({
      format: z.literal("unified-diff"),
      /** Each hunk must hold whole blocks (a full-context diff), so both of its sides parse as HCL. */
      diff: text(MAX_PATCH_CHARS, 1).describe(
        "A unified diff of the .tf file; each hunk holds the whole blocks it changes",
      ),
    }),
    z.object({
      format: z.literal("hcl-blocks"),
      hcl: text(MAX_PATCH_CHARS, 1).describe("HCL blocks to add to the configuration"),
    }),
  ])
  .describe("The Terraform change");

export const RefactorProposal = z.object({
  kind: z.literal("refactor"),
  title: text(200, 1),
  module: text(200, 1)
    .regex(/^module\.[A-Za-z0-9_-]+(\.module\.[A-Za-z0-9_-]+)*$/, "must be module.<name>")
    .optional()
    .describe("The module the patched file belongs to (module.app); left out for the root module"),
  targets: z.array(Address).min(1).max(MAX_TARGETS).describe("Every address the patch changes, adds or moves"),
  patch: Patch,
  rationale: Rationale,
  evidenceIds: EvidenceIds,
  saving: Saving.optional(),
  risk: z.enum(["low", "medium", "high"]),
  rollback: text(2000, 1).describe("How to undo it"),
});
export type RefactorProposal = z.infer<typeof RefactorProposal>;

export const TeardownProposal = z.object({
  kind: z.literal("teardown"),
  findingIds: z.array(z.uuid()).min(1).max(MAX_TARGETS).describe("The zombie findings to tear down"),
  judgement: text(4000, 1).describe("What the rules could not see: a finished experiment, an owner who left"),
  evidenceIds: EvidenceIds,
  saving: Saving.optional(),
});
export type TeardownProposal = z.infer<typeof TeardownProposal>;

const FeatureKey = text(200, 1)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]*$/, "must be a feature key (letters, digits, . _ : / -)")
  .describe("The feature the spend belongs to");

export const AttributionMapping = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("tag-rule"),
    tagKey: text(128, 1).describe("A tag key on the cost lines or their resources"),
    tagValue: text(256, 1),
    feature: FeatureKey,
  }),
  z.object({
    type: z.literal("resource-feature"),
    resourceIds: z.array(text(2048, 1)).min(1).max(MAX_TARGETS).describe("Billed resource ids (cloud ids or ARNs)"),
    feature: FeatureKey,
  }),
]);
export type AttributionMapping = z.infer<typeof AttributionMapping>;

export const AttributionProposal = z.object({
  kind: z.literal("attribution"),
  mapping: AttributionMapping,
  rationale: Rationale,
  evidenceIds: EvidenceIds.min(1),
});
export type AttributionProposal = z.infer<typeof AttributionProposal>;

export const Claim = z.object({
  text: text(2000, 1),
  citations: z.array(EvidenceId).max(20).describe("Evidence ids this sentence rests on; none flags it as uncited"),
});

export const ExplanationProposal = z.object({
  kind: z.literal("explanation"),
  subject: text(600, 3)
    .regex(
      /^(anomaly|slo-alert|drift|zombie|policy-finding):.+$/s,
      "must be an anomaly, slo-alert, drift, zombie or policy-finding id as kind:id",
    )
    .describe("What is explained: an anomaly, SLO alert, drift or finding, as kind:id"),
  claims: z.array(Claim).min(1).max(30),
});
export type ExplanationProposal = z.infer<typeof ExplanationProposal>;

export const Proposal = z.discriminatedUnion("kind", [
  RefactorProposal,
  TeardownProposal,
  AttributionProposal,
  ExplanationProposal,
]);
export type Proposal = z.infer<typeof Proposal>;
export type ProposalKind = Proposal["kind"];

export interface Check {
  name: string;
  passed: boolean;
  detail: string;
}

export interface Verdict {
  status: "valid" | "rejected";
  checks: Check[];
  /** The bill's figure beside the model's, when the proposal claims a saving or tears something down. */
  monthlySavings: { claimed: string | null; recomputed: string | null; currency: string | null };
  /** Explanation sentences without a citation, by index: shown flagged, they do not reject. */
  uncited: number[];
}
