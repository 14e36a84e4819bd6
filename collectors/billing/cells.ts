import { VigilError } from "@/lib/errors";
import { ChargeCategory, type CostLine, DECIMAL } from "@/lib/costs/schemas";
import { NUMERIC_38_18_LIMIT, units18 } from "@/lib/decimal";

// The checks that turn an export's cell into a cost line's value. Values stay strings: money goes
// to PostgreSQL numeric as written.

/** A cell that can not be imported: the file, its line (1 = the header) and the column. */
export class BillingFileError extends VigilError {
  constructor(message: string, file: string, line: number | null, column: string | null) {
    super("bad_request", `${file}${line ? `, line ${line}` : ""}${column ? `, column ${column}` : ""}: ${message}`, {
      file,
      line,
      column,
    });
  }
}

/** Where a value came from, for error messages. */
export interface Cell {
  file: string;
  line: number;
}

const CHARGE_CATEGORIES: ReadonlySet<string> = new Set(ChargeCategory.options);

export const isChargeCategory = (value: string): value is ChargeCategory => CHARGE_CATEGORIES.has(value);

/** Empty cells and the literal NULL some exports write (the official FOCUS sample does). */
export function blank(value: string | undefined | null): value is null | undefined | "" {
  return value === undefined || value === null || value === "" || value === "NULL" || value === "null";
}

export function text(value: string | undefined | null): string | null {
  if (blank(value)) return null;
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

// Up to 19 integer digits and no exponent is always in range: the common case skips the bigint check.
const SMALL_DECIMAL = /^[+-]?\d{0,19}(\.\d*)?$/;

/**
 * A decimal as PostgreSQL numeric reads it, exactly; exponents are allowed (Azure writes 1.2E-05).
 * Every amount and quantity column is numeric(38,18), so magnitudes from 1e20 on are refused here.
 */
export function decimal(value: string | undefined | null, at: Cell, column: string): string | null {
  if (blank(value)) return null;
  const trimmed = value.trim();
  if (!DECIMAL.test(trimmed))
    throw new BillingFileError(`"${clip(trimmed)}" is not a decimal number`, at.file, at.line, column);
  assertFits(trimmed, at, column);
  return trimmed;
}

/** A well-formed decimal that numeric(38,18) can hold: magnitudes from 1e20 on are refused. */
function assertFits(value: string, at: Cell, column: string): void {
  if (SMALL_DECIMAL.test(value)) return;
  const units = units18(value);
  if (units >= NUMERIC_38_18_LIMIT || units <= -NUMERIC_38_18_LIMIT) {
    throw new BillingFileError(
      `"${clip(value)}" is out of range: amounts and quantities must be below 1e20 in magnitude`,
      at.file,
      at.line,
      column,
    );
  }
}

export function requiredDecimal(value: string | undefined | null, at: Cell, column: string): string {
  const parsed = decimal(value, at, column);
  if (parsed === null)
    throw new BillingFileError("a cost is required here and the cell is empty", at.file, at.line, column);
  return parsed;
}

export function requiredText(value: string | undefined | null, at: Cell, column: string): string {
  const parsed = text(value);
  if (parsed === null)
    throw new BillingFileError("a value is required here and the cell is empty", at.file, at.line, column);
  return parsed;
}

const MIN_TIME = Date.parse("0001-01-01T00:00:00Z");
const MAX_TIME = Date.parse("9999-12-31T23:59:59.999Z");
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/i;
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/**
 * A timestamp as ISO 8601 in UTC. Accepts `2024-10-01T00:00:00Z`, `2024-10-01 00:00:00` (no zone
 * means UTC, as FOCUS requires), a bare date, an offset, and with `usDates` Azure's `10/01/2024`.
 */
export function timestamp(value: string | undefined | null, at: Cell, column: string, usDates = false): string {
  // A file repeats the same few timestamps (billing periods, hours) on many rows.
  const cached = value ? timestamps.get(value) : undefined;
  if (cached !== undefined) return cached;
  const iso = parseTimestamp(value, at, column, usDates);
  if (timestamps.size >= CACHE_SIZE) timestamps.clear();
  timestamps.set(detached(value as string), detached(iso));
  return iso;
}

const CACHE_SIZE = 10_000;

/**
 * A copy of a cell that shares no memory with the parser's input: a cell is a slice of a 1 MiB
 * chunk, and a cache entry holding the slice would keep the whole chunk alive (measured: 190 MB
 * of chunks held by a million-row import). UTF-16 round-trips every string exactly.
 */
function detached(value: string): string {
  return Buffer.from(value, "utf16le").toString("utf16le");
}
const timestamps = new Map<string, string>();
const tagObjects = new Map<string, Record<string, string>>();

function parseTimestamp(value: string | undefined | null, at: Cell, column: string, usDates: boolean): string {
  const raw = text(value);
  if (raw === null)
    throw new BillingFileError("a date and time is required here and the cell is empty", at.file, at.line, column);
  let iso: string | null = null;
  const m = TIMESTAMP.exec(raw);
  if (m) {
    const zone =
      !m[8] || /^(z|utc)$/i.test(m[8]) ? "Z" : m[8].length === 5 ? `${m[8].slice(0, 3)}:${m[8].slice(3)}` : m[8];
    iso = `${m[1]}-${m[2]}-${m[3]}T${m[4] ?? "00"}:${m[5] ?? "00"}:${m[6] ?? "00"}${m[7] ? m[7].slice(0, 4) : ""}${zone}`;
  } else if (usDates) {
    const us = US_DATE.exec(raw);
    if (us) iso = `${us[3]}-${us[1].padStart(2, "0")}-${us[2].padStart(2, "0")}T00:00:00Z`;
  }
  const time = iso ? Date.parse(iso) : Number.NaN;
  // Date.parse rolls 2024-02-30 over to March: the date part must survive the round trip. In UTC
  // the year must be one PostgreSQL reads back as written (0001 to 9999).
  if (
    !iso ||
    Number.isNaN(time) ||
    time < MIN_TIME ||
    time > MAX_TIME ||
    (m && new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])).getUTCDate() !== +m[3])
  ) {
    throw new BillingFileError(
      `"${clip(raw)}" is not a date and time (expected e.g. 2024-10-01T00:00:00Z)`,
      at.file,
      at.line,
      column,
    );
  }
  return new Date(time).toISOString();
}

/**
 * FOCUS Tags: a JSON object whose values are strings, numbers, booleans or null. Also accepts the
 * Azure form without braces (`"team": "payments","env": "prod"`). A valueless tag becomes "true".
 */
export function tagsOf(value: string | undefined | null, at: Cell, column: string): Record<string, string> {
  const raw = text(value);
  if (raw === null) return {};
  const cached = tagObjects.get(raw);
  if (cached) return { ...cached };
  const tags = parseTags(raw, at, column);
  if (tagObjects.size >= CACHE_SIZE) tagObjects.clear();
  tagObjects.set(detached(raw), tags);
  return { ...tags };
}

function parseTags(raw: string, at: Cell, column: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.startsWith("{") ? raw : `{${raw}}`);
  } catch {
    throw new BillingFileError(`tags are not a JSON object: "${clip(raw)}"`, at.file, at.line, column);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new BillingFileError(`tags are not a JSON object: "${clip(raw)}"`, at.file, at.line, column);
  }
  const tags: Record<string, string> = {};
  for (const [key, tagValue] of Object.entries(parsed)) {
    if (tagValue !== null && typeof tagValue === "object")
      throw new BillingFileError(
        `tag "${clip(key)}" has a nested value; FOCUS tags are flat`,
        at.file,
        at.line,
        column,
      );
    tags[key] = tagValue === null ? "true" : String(tagValue);
  }
  return tags;
}

export const clip = (value: string) => (value.length > 60 ? `${value.slice(0, 57)}...` : value);

/** Where each field's column is: the first of its alternative names the header has (-1: none). */
export function resolveColumns<F extends string>(
  header: string[],
  fields: Record<F, readonly string[]>,
  normalize: (name: string) => string = (name) => name,
): Columns<F> {
  const index = new Map(header.map((name, i) => [normalize(name.trim()), i]));
  const resolved = {} as Columns<F>;
  for (const field of Object.keys(fields) as F[]) {
    const found = fields[field].find((name) => index.has(name));
    resolved[field] =
      found === undefined
        ? { i: -1, name: fields[field][0] }
        : { i: index.get(found) as number, name: header[index.get(found) as number].trim() };
  }
  return resolved;
}

/** Where each field's column is in the header (-1 when absent), and the name it has there. */
export type Columns<F extends string> = Record<F, { i: number; name: string }>;

/** One row of a provider export: its cells by field, where the row is, and the columns. */
export interface FieldRow<F extends string> {
  v: (field: F) => string | undefined;
  cell: Cell;
  column: Columns<F>;
}

export function fieldRow<F extends string>(column: Columns<F>, values: string[], cell: Cell): FieldRow<F> {
  return { v: (field) => (column[field].i >= 0 ? values[column[field].i] : undefined), cell, column };
}

/** Adds the provider columns that hold a value to `extras`, under their x_ names. */
export function addExtras<F extends string>(
  extras: Record<string, unknown>,
  v: FieldRow<F>["v"],
  keys: readonly (readonly [F, string])[],
): Record<string, unknown> {
  for (const [field, key] of keys) {
    const value = text(v(field));
    if (value !== null) extras[key] = value;
  }
  return extras;
}

const AMOUNTS = [
  ["billedCost", "BilledCost"],
  ["effectiveCost", "EffectiveCost"],
  ["listCost", "ListCost"],
  ["contractedCost", "ContractedCost"],
  ["pricingQuantity", "PricingQuantity"],
  ["consumedQuantity", "ConsumedQuantity"],
  ["commitmentDiscountQuantity", "CommitmentDiscountQuantity"],
] as const;

/**
 * The row, once its amounts (some computed by the mapper: a fee plus a recurring fee, price times
 * quantity) are known to fit numeric(38,18); named by the FOCUS column they fill.
 */
export function inRange(row: CostLine, file: string, line: number): CostLine {
  for (const [key, column] of AMOUNTS) {
    const value = row[key];
    // Cells were parsed by decimal(); what a mapper computed (price x quantity, net of credits) may not fit.
    if (value !== null) assertFits(value, { file, line }, column);
  }
  return row;
}
