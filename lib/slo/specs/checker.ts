import type { FieldPath } from "./findings";

// A small collector for validation problems over plain YAML values: each problem keeps the path of
// the field and its value, so the caller can turn it into a finding with a line number. The type
// messages mirror what Go's decoder says where `oslo validate` refuses a value of the wrong type.

export type Issue = { severity: "error" | "warning"; path: FieldPath; value: unknown; message: string };

export type Obj = Record<string, unknown>;

export const isObj = (value: unknown): value is Obj =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export class Checker {
  readonly issues: Issue[] = [];

  error(path: FieldPath, message: string, value?: unknown): void {
    this.issues.push({ severity: "error", path, value, message });
  }

  warn(path: FieldPath, message: string, value?: unknown): void {
    this.issues.push({ severity: "warning", path, value, message });
  }

  get failed(): boolean {
    return this.issues.some((issue) => issue.severity === "error");
  }

  /** A mapping, or undefined when absent; anything else is an error. */
  obj(value: unknown, path: FieldPath): Obj | undefined {
    if (value === undefined || value === null) return undefined;
    if (isObj(value)) return value;
    this.error(path, "must be an object (a mapping of fields)", value);
    return undefined;
  }

  /** Fields not in `known` are refused, as oslo's decoder refuses unknown fields. */
  known(value: Obj, path: FieldPath, known: readonly string[], severity: "error" | "warning" = "error"): void {
    for (const key of Object.keys(value)) {
      if (known.includes(key)) continue;
      const message = severity === "error" ? `unknown field "${key}"` : `unknown field "${key}" is ignored`;
      this.issues.push({ severity, path: [...path, key], value: undefined, message });
    }
  }

  string(
    parent: Obj,
    key: string,
    path: FieldPath,
    opts: { required?: boolean; max?: number } = {},
  ): string | undefined {
    const value = parent[key];
    const at = [...path, key];
    if (value === undefined || value === null || value === "") {
      if (opts.required) this.error(at, "property is required but was empty");
      return undefined;
    }
    if (typeof value !== "string") {
      this.error(at, "must be a string", value);
      return undefined;
    }
    if (opts.max !== undefined && value.length > opts.max)
      this.error(at, `length must be less than or equal to ${opts.max}`, value);
    return value;
  }

  number(parent: Obj, key: string, path: FieldPath, required = false): number | undefined {
    const value = parent[key];
    const at = [...path, key];
    if (value === undefined || value === null) {
      if (required) this.error(at, "property is required but was empty");
      return undefined;
    }
    if (typeof value !== "number" || !Number.isFinite(value)) {
      this.error(at, typeof value === "number" ? "must be a finite number" : "must be a number", value);
      return undefined;
    }
    return value;
  }

  bool(parent: Obj, key: string, path: FieldPath): boolean | undefined {
    const value = parent[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === "boolean") return value;
    this.error([...path, key], "must be true or false", value);
    return undefined;
  }

  list(parent: Obj, key: string, path: FieldPath): unknown[] | undefined {
    const value = parent[key];
    if (value === undefined || value === null) return undefined;
    if (Array.isArray(value)) return value;
    this.error([...path, key], "must be a list", value);
    return undefined;
  }
}
