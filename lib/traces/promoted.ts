// Span attributes promoted to columns (PROMOTED in span-record.ts), both ways. Written: a span's
// promoted attributes fill the columns, and an attribute leaves the stored attributes only when
// its column gives it back exactly (its name, type and value); any other stays stored as well.
// Read: a column with a value is given back as its attribute unless the stored attributes already
// name that column's attribute under one of its names.

import { type AnyValue, plainText } from "./attribute-values";
import { clip, MAX_LABEL_LENGTH, PROMOTED, type SpanRecord } from "./span-record";

export type Promoted = Pick<SpanRecord, "httpRoute" | "httpStatusCode" | "dbSystem" | "peerService" | "feature">;
type Column = keyof Promoted;

/** The attribute each column gives back when read. */
export const PROMOTED_NAME: Record<Column, string> = {
  httpRoute: "http.route",
  httpStatusCode: "http.response.status_code",
  dbSystem: "db.system",
  peerService: "peer.service",
  feature: "vigil.feature",
};

const COLUMNS = Object.keys(PROMOTED) as Column[];

/** The largest value of an integer column (http_status_code); beyond it the column stays empty. */
const MAX_INT4 = 2_147_483_647;

export const label = (value: unknown): string | null => {
  const text = plainText(value);
  return text === null ? null : clip(text, MAX_LABEL_LENGTH);
};

function take(promoted: Map<string, unknown>, keys: readonly string[]): unknown {
  for (const key of keys) if (promoted.has(key)) return promoted.get(key);
  return null;
}

/** The promoted columns from a span's promoted attributes (key to stored value), given its resource's feature. */
export function promotedColumns(promoted: Map<string, unknown> | null, resourceFeature: string | null): Promoted {
  if (promoted === null)
    return { httpRoute: null, httpStatusCode: null, dbSystem: null, peerService: null, feature: resourceFeature };
  const status = take(promoted, PROMOTED.httpStatusCode);
  // A number, bool or numeric string as Number() reads it; an int64 or double by its digits.
  const httpStatus = Number(status !== null && typeof status === "object" ? plainText(status) : status);
  return {
    httpRoute: plainText(take(promoted, PROMOTED.httpRoute)),
    httpStatusCode: Number.isInteger(httpStatus) && httpStatus > 0 && httpStatus <= MAX_INT4 ? httpStatus : null,
    dbSystem: plainText(take(promoted, PROMOTED.dbSystem)),
    peerService: plainText(take(promoted, PROMOTED.peerService)),
    feature: label(take(promoted, PROMOTED.feature)) ?? resourceFeature,
  };
}

/** Whether the column gives `value` back exactly, under the name it is read as. */
function givesBack(column: Column, value: unknown, resourceFeature: string | null): boolean {
  if (column === "httpStatusCode")
    return typeof value === "number" && Number.isInteger(value) && value > 0 && value <= MAX_INT4;
  if (typeof value !== "string") return false;
  // A feature equal to the resource's reads as the resource's: the span's is kept stored.
  return column !== "feature" || (value.length <= MAX_LABEL_LENGTH && value !== resourceFeature);
}

/**
 * The promoted attributes (key to stored value) that stay in the stored attributes, each with
 * its value, in PROMOTED order: all but the one a column gives back exactly.
 */
export function keptPromoted(promoted: Map<string, unknown>, resourceFeature: string | null): [string, unknown][] {
  const kept: [string, unknown][] = [];
  for (const column of COLUMNS) {
    const present = PROMOTED[column].filter((key) => promoted.has(key));
    for (const key of present) {
      const value = promoted.get(key);
      const alone = present.length === 1 && key === PROMOTED_NAME[column];
      if (!alone || !givesBack(column, value, resourceFeature)) kept.push([key, value]);
    }
  }
  return kept;
}

/** A span row's promoted columns as the attributes they give back, given the attributes stored. */
export function promotedAttributes(
  columns: Promoted,
  stored: Record<string, unknown>,
  resourceFeature: string | null,
): [string, AnyValue][] {
  const out: [string, AnyValue][] = [];
  for (const column of COLUMNS) {
    const value = columns[column];
    if (value === null || PROMOTED[column].some((key) => key in stored)) continue;
    if (column === "feature" && value === resourceFeature) continue;
    out.push([
      PROMOTED_NAME[column],
      typeof value === "number" ? { intValue: String(value) } : { stringValue: String(value) },
    ]);
  }
  return out;
}
