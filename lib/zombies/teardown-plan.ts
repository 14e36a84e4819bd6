import type { Resource } from "@/lib/zombies/evidence";
import type { RuleId } from "@/lib/zombies/rules/finding";
import { awsCliScript } from "@/lib/zombies/teardown-script";

export const TEARDOWN_FILE = "vigil-teardown.tf";
const PLAN_COMMAND = "terraform plan -out=teardown.tfplan";

export type TeardownPlan =
  | {
      kind: "terraform";
      /** The `from` of the removed block: the address without instance keys. */
      removedFrom: string;
      file: typeof TEARDOWN_FILE;
      /** A unified diff creating vigil-teardown.tf with the removed block; `git apply` takes it. */
      patch: string;
      /** Run in the root module after applying the patch and deleting the resource block. */
      commands: string[];
      /** What the plan output must show; anything more destroyed means stop. */
      expect: string[];
      notes: string[];
    }
  | { kind: "aws-cli"; filename: string; script: string; notes: string[] }
  | { kind: "manual"; reason: string; commands: string[]; expect: string[]; notes: string[] };

const NAME = "[A-Za-z_][A-Za-z0-9_-]*";
const KEY = '\\[(?:\\d+|"(?:[^"\\\\\\u0000-\\u001f]|\\\\.)*")\\]';
const ADDRESS = new RegExp(`^((?:module\\.${NAME}(?:${KEY})?\\.)*)(data\\.)?(${NAME})\\.(${NAME})(${KEY})?$`);
const INSTANCE_KEY = new RegExp(KEY, "g");

/** A Terraform resource address split into what the removed block needs; null when it is not one. */
export function parseAddress(address: string): { from: string; indexed: boolean; data: boolean } | null {
  if (address.length > 1024) return null;
  const m = ADDRESS.exec(address);
  if (!m) return null;
  const from = address.replace(INSTANCE_KEY, "");
  return { from, indexed: from !== address, data: Boolean(m[2]) };
}

function removedPatch(from: string, rule: RuleId | undefined): string {
  const block = [
    `# Vigil teardown${rule ? ` (${rule})` : ""}: delete the resource block of ${from} in the same change.`,
    "removed {",
    `  from = ${from}`,
    "",
    "  lifecycle {",
    "    destroy = true",
    "  }",
    "}",
  ];
  return [
    `diff --git a/${TEARDOWN_FILE} b/${TEARDOWN_FILE}`,
    "new file mode 100644",
    "--- /dev/null",
    `+++ b/${TEARDOWN_FILE}`,
    `@@ -0,0 +1,${block.length} @@`,
    ...block.map((line) => `+${line}`),
    "",
  ].join("\n");
}

function terraformPlan(address: string, rule: RuleId | undefined): TeardownPlan {
  const parsed = parseAddress(address);
  const check = [PLAN_COMMAND];
  if (!parsed)
    return {
      kind: "manual",
      reason: `"${address.slice(0, 200)}" is not a Terraform resource address`,
      commands: [],
      expect: [],
      notes: [],
    };
  if (parsed.data)
    return {
      kind: "manual",
      reason: "a data source is only read by Terraform; there is nothing to destroy",
      commands: [],
      expect: [],
      notes: [],
    };
  const expect = [`# ${address} will be destroyed`, "Plan: 0 to add, 0 to change, 1 to destroy."];
  if (parsed.indexed) {
    return {
      kind: "manual",
      reason: `a removed block cannot name one instance (${address}); removed { from = ${parsed.from} } would destroy every instance`,
      commands: check,
      expect,
      notes: [`Lower count or drop the key from for_each so that only ${address} goes, then check the plan.`],
    };
  }
  return {
    kind: "terraform",
    removedFrom: parsed.from,
    file: TEARDOWN_FILE,
    patch: removedPatch(parsed.from, rule),
    commands: ["terraform init", "terraform validate", ...check],
    expect,
    notes: [
      "Needs Terraform 1.7 or later (removed blocks).",
      `Delete the resource block of ${parsed.from} in the same change, or the plan fails with "Removed resource still exists".`,
      ...(parsed.from.startsWith("module.")
        ? [
            "The resource is in a module: delete its block in the module, and check no other caller of that module still needs it.",
          ]
        : []),
      `If ${TEARDOWN_FILE} already exists, add the block to it instead of applying the patch.`,
    ],
  };
}

/**
 * The plan a person applies through their own pipeline (Vigil never calls a cloud API): a removed
 * block patch for a Terraform-managed resource, a dry-run-first AWS CLI script for an unmanaged one.
 */
export function teardownPlan(resource: Resource, options: { rule?: RuleId; now?: Date } = {}): TeardownPlan {
  if (resource.address) return terraformPlan(resource.address, options.rule);
  const script = awsCliScript(resource, options.now ?? new Date());
  if ("reason" in script) return { kind: "manual", reason: script.reason, commands: [], expect: [], notes: [] };
  const safeName = resource.resourceId.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 100);
  return { kind: "aws-cli", filename: `vigil-teardown-${safeName}.sh`, script: script.script, notes: script.notes };
}

/** The columns of a stored finding a teardown plan reads. */
export interface PlannedFinding {
  rule: string;
  resource_key: string;
  resource_id: string;
  kind: string;
  provider: string;
  address: string | null;
  arn: string | null;
  region: string | null;
  name: string | null;
}

/** The teardown plan of a stored finding (the queue's plans and an approved proposal's patch alike). */
export function findingTeardownPlan(row: PlannedFinding, now?: Date): TeardownPlan {
  const resource: Resource = {
    key: row.resource_key,
    provider: row.provider,
    kind: row.kind as Resource["kind"],
    resourceId: row.resource_id,
    arn: row.arn ?? undefined,
    address: row.address ?? undefined,
    region: row.region ?? undefined,
    name: row.name ?? undefined,
    tags: {},
    facts: {},
  };
  return teardownPlan(resource, { rule: row.rule as RuleId, now });
}
