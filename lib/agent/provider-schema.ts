import aws from "@/lib/agent/provider-schemas/aws.json" with { type: "json" };
import azurerm from "@/lib/agent/provider-schemas/azurerm.json" with { type: "json" };
import google from "@/lib/agent/provider-schemas/google.json" with { type: "json" };

// The resource types and arguments Vigil knows, in the shape `terraform providers schema -json`
// prints (see provider-schemas/SOURCES.md), and the check of a block against them: an unknown
// type or argument is what a model invents, and a missing required argument never plans.

export interface SchemaAttribute {
  type?: unknown;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  force_new?: boolean;
}

export interface SchemaBlock {
  attributes?: Record<string, SchemaAttribute>;
  block_types?: Record<string, { nesting_mode: string; block: SchemaBlock; min_items?: number; max_items?: number }>;
}

interface ProviderDump {
  provider_schemas: Record<string, { resource_schemas: Record<string, { block: SchemaBlock }> }>;
}

const META = new Set(["count", "for_each", "provider", "depends_on", "lifecycle", "connection", "provisioner"]);

let types: Map<string, SchemaBlock> | undefined;

/** Every resource type of the shipped dumps, keyed by type. */
export function resourceSchemas(): Map<string, SchemaBlock> {
  if (types) return types;
  types = new Map();
  for (const dump of [aws, azurerm, google] as ProviderDump[])
    for (const provider of Object.values(dump.provider_schemas))
      for (const [type, schema] of Object.entries(provider.resource_schemas)) types.set(type, schema.block);
  return types;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The keys an attribute of a list or set of objects allows, or null when it is not one. */
function objectKeys(type: unknown): Set<string> | null {
  if (!Array.isArray(type) || (type[0] !== "list" && type[0] !== "set")) return null;
  const element = type[1];
  return Array.isArray(element) && element[0] === "object" && isRecord(element[1])
    ? new Set(Object.keys(element[1]))
    : null;
}

function checkObjects(value: unknown, keys: Set<string>, path: string, problems: string[]) {
  for (const item of Array.isArray(value) ? value : []) {
    if (!isRecord(item)) continue;
    for (const key of Object.keys(item)) if (!keys.has(key)) problems.push(`${path}: unknown argument ${key}`);
  }
}

function checkDynamic(value: unknown, schema: SchemaBlock, path: string, problems: string[]) {
  for (const [name, blocks] of Object.entries(isRecord(value) ? value : {})) {
    const nested = schema.block_types?.[name];
    if (!nested) {
      problems.push(`${path}: unknown dynamic block ${name}`);
      continue;
    }
    for (const block of Array.isArray(blocks) ? blocks : [])
      for (const content of isRecord(block) && Array.isArray(block.content) ? block.content : [])
        if (isRecord(content)) checkBody(content, nested.block, `${path}.${name}`, problems, false);
  }
}

function checkBody(
  body: Record<string, unknown>,
  schema: SchemaBlock,
  path: string,
  problems: string[],
  topLevel: boolean,
) {
  for (const [key, value] of Object.entries(body)) {
    if (topLevel && META.has(key)) continue;
    if (key === "dynamic") {
      checkDynamic(value, schema, path, problems);
      continue;
    }
    const attribute = schema.attributes?.[key];
    const nested = schema.block_types?.[key];
    if (attribute) {
      if (attribute.computed && !attribute.optional && !attribute.required)
        problems.push(`${path}: ${key} is computed by the provider and can not be set`);
      const keys = objectKeys(attribute.type);
      if (keys) checkObjects(value, keys, `${path}.${key}`, problems);
    } else if (nested) {
      for (const block of Array.isArray(value) ? value : [value])
        if (isRecord(block)) checkBody(block, nested.block, `${path}.${key}`, problems, false);
    } else problems.push(`${path}: unknown argument ${key}`);
  }
  for (const [key, attribute] of Object.entries(schema.attributes ?? {}))
    if (attribute.required && !(key in body)) problems.push(`${path}: required argument ${key} is missing`);
}

/** Why a resource block would not plan against the shipped schemas; empty when it would. */
export function schemaProblems(type: string, name: string, body: Record<string, unknown>): string[] {
  const schema = resourceSchemas().get(type);
  if (!schema) return [`${type}.${name}: resource type ${type} is not in the provider schemas`];
  const problems: string[] = [];
  checkBody(body, schema, `${type}.${name}`, problems, true);
  return problems;
}

/** The top-level arguments of a type whose change replaces the resource. */
export function forceNewArguments(type: string): Set<string> {
  const attributes = resourceSchemas().get(type)?.attributes ?? {};
  return new Set(Object.entries(attributes).flatMap(([key, a]) => (a.force_new ? [key] : [])));
}
