import type { ParsedHcl, ResourceBlock } from "@/lib/agent/parse-hcl";
import { resourceSchemas, type SchemaBlock } from "@/lib/agent/provider-schema";

// What a patch would make Terraform do to each address, read from the blocks before and after it:
// a block gone is a delete, a block renamed without a `moved` block is a delete and a create, a
// changed argument that forces a new resource (or count switched to for_each) is a replace.
// Only what changed is listed; an identical block is untouched.

export type Action = "create" | "update" | "delete" | "replace" | "move";

export interface Change {
  address: string;
  type: string;
  action: Action;
  reasons: string[];
  /** The block after the patch (null for a delete). */
  body: Record<string, unknown> | null;
  /** The block before it (null for a create). */
  before: Record<string, unknown> | null;
  /** The address a `moved` block brought it from. */
  from?: string;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The force-new arguments that differ, nested blocks compared position by position. */
function forceNewReasons(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  schema: SchemaBlock,
  path: string,
) {
  const reasons: string[] = [];
  for (const [key, attribute] of Object.entries(schema.attributes ?? {}))
    if (attribute.force_new && !same(before[key], after[key]))
      reasons.push(`changing ${path}${key} forces a new resource`);
  for (const [key, nested] of Object.entries(schema.block_types ?? {})) {
    const was = list(before[key]);
    const now = list(after[key]);
    // A block added or removed compares with an empty one: only its force-new arguments replace.
    for (let i = 0; i < Math.max(was.length, now.length); i += 1) {
      const old = isRecord(was[i]) ? was[i] : {};
      const block = isRecord(now[i]) ? now[i] : {};
      reasons.push(
        ...forceNewReasons(
          old as Record<string, unknown>,
          block as Record<string, unknown>,
          nested.block,
          `${path}${key}.`,
        ),
      );
    }
  }
  return reasons;
}

function compare(address: string, before: ResourceBlock, after: ResourceBlock, moved: boolean): Change | null {
  const reasons: string[] = [];
  const schema = resourceSchemas().get(after.type);
  if (before.type !== after.type) reasons.push(`type changes from ${before.type} to ${after.type}`);
  else if (schema) reasons.push(...forceNewReasons(before.body, after.body, schema, ""));
  const keyed = (body: Record<string, unknown>) => ("for_each" in body ? "for_each" : "count" in body ? "count" : "");
  if (keyed(before.body) && keyed(after.body) && keyed(before.body) !== keyed(after.body))
    reasons.push(`switching ${keyed(before.body)} to ${keyed(after.body)} re-keys every instance (destroy and create)`);
  const action: Action = reasons.length ? "replace" : moved ? "move" : "update";
  if (action === "update" && same(before.body, after.body)) return null;
  return { address, type: after.type, action, reasons, body: after.body, before: before.body };
}

/** Every address the patch changes, with what Terraform would do to it. */
export function compareBlocks(before: ParsedHcl, after: ParsedHcl, module = ""): Change[] {
  const prefix = module ? `${module}.` : "";
  const key = (block: { type: string; name: string }) => `${prefix}${block.type}.${block.name}`;
  const was = new Map(before.resources.map((block) => [key(block), block]));
  const now = new Map(after.resources.map((block) => [key(block), block]));
  const moves = new Map(after.moved.map((m) => [`${prefix}${m.from}`, `${prefix}${m.to}`]));
  const changes: Change[] = [];
  const created = [...now.keys()].filter((address) => !was.has(address));
  for (const [address, block] of was) {
    const target = moves.get(address);
    const next = now.get(target ?? address);
    if (next) {
      const change = compare(target ?? address, block, next, target !== undefined);
      if (change) changes.push(target ? { ...change, from: address } : change);
      continue;
    }
    const renamed = created.find((c) => now.get(c)?.type === block.type);
    const reasons = renamed ? [`renamed to ${renamed} without a moved block: destroyed and created again`] : [];
    changes.push({ address, type: block.type, action: "delete", reasons, body: null, before: block.body });
  }
  const movedTo = new Set(moves.values());
  for (const address of created) {
    if (movedTo.has(address) && [...moves].some(([from, to]) => to === address && was.has(from))) continue;
    const block = now.get(address) as ResourceBlock;
    changes.push({ address, type: block.type, action: "create", reasons: [], body: block.body, before: null });
  }
  return changes;
}
