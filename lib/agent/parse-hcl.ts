import { parse } from "@cdktn/hcl2json";

// HCL to plain data through HashiCorp's own parser (hashicorp/hcl v2 compiled to WebAssembly, as
// the @cdktn/hcl2json package ships it). Expressions the parser can not fold (references,
// functions) come back as "${...}" text, nested blocks as arrays of objects.

export interface ResourceBlock {
  type: string;
  name: string;
  body: Record<string, unknown>;
}

export interface ParsedHcl {
  resources: ResourceBlock[];
  /** `moved` blocks as from → to addresses (without the module prefix). */
  moved: { from: string; to: string }[];
  /** Addresses declared more than once: Terraform refuses the configuration. */
  duplicates: string[];
  /** Every other top-level block (provider, module, data, variable, locals, …) as parsed. */
  other: Record<string, unknown>;
}

export type HclResult = { ok: true; value: ParsedHcl } | { ok: false; error: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const reference = (value: unknown) => (typeof value === "string" ? value.replace(/^\$\{(.*)\}$/s, "$1").trim() : "");

function resourcesOf(json: Record<string, unknown>): { resources: ResourceBlock[]; duplicates: string[] } {
  const resources: ResourceBlock[] = [];
  const duplicates: string[] = [];
  const byType = isRecord(json.resource) ? json.resource : {};
  for (const [type, names] of Object.entries(byType)) {
    if (!isRecord(names)) continue;
    for (const [name, bodies] of Object.entries(names)) {
      const list = Array.isArray(bodies) ? bodies.filter(isRecord) : [];
      if (list.length > 1) duplicates.push(`${type}.${name}`);
      if (list[0]) resources.push({ type, name, body: list[0] });
    }
  }
  return { resources, duplicates };
}

/** The resource and moved blocks of one HCL text, or the parser's error (trimmed to 500 characters). */
export async function parseHcl(source: string): Promise<HclResult> {
  let json: Record<string, unknown>;
  try {
    json = await parse("proposal.tf", source);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: message.slice(0, 500) };
  }
  const moved = (Array.isArray(json.moved) ? json.moved : [])
    .filter(isRecord)
    .map((block) => ({ from: reference(block.from), to: reference(block.to) }));
  const { resource: _resource, moved: _moved, ...other } = json;
  return { ok: true, value: { ...resourcesOf(json), moved, other } };
}
