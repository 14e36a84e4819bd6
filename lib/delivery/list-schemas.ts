import { z } from "zod";
import { ENVIRONMENTS, INCIDENT_STATUSES, DEPLOYMENT_RESULTS } from "@/lib/delivery/schemas";
import { blankAsUnset, cursor, integer, oneOf, text, timestamp } from "@/lib/validation";

// Query parameters of the deployment and incident lists: filters, a window and keyset paging
// (newest first; the cursor is the last row's time and id).

export interface ListCursor {
  at: Date;
  id: string;
}

export function encodeListCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString("base64url");
}

function decodeListCursor(value: string): ListCursor | null {
  const [iso, id, extra] = Buffer.from(value, "base64url").toString("utf8").split("|");
  if (extra !== undefined || !/^\d{1,18}$/.test(id ?? "")) return null;
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) || at.toISOString() !== iso ? null : { at, id };
}

const optional = <S extends z.ZodType>(schema: S) => z.preprocess(blankAsUnset, schema.optional());

const common = {
  service: optional(text(200, 1)),
  team: optional(text(200, 1)),
  from: optional(timestamp()),
  to: optional(timestamp()),
  limit: z.preprocess(blankAsUnset, integer(1, 200).default(50)),
  cursor: optional(cursor(decodeListCursor)),
};

export const ListDeploymentsInput = z.object({
  ...common,
  environment: optional(oneOf(ENVIRONMENTS)),
  result: optional(oneOf(DEPLOYMENT_RESULTS)),
});
export type ListDeploymentsInput = z.input<typeof ListDeploymentsInput>;

export const ListIncidentsInput = z.object({
  ...common,
  status: optional(oneOf(INCIDENT_STATUSES)),
});
export type ListIncidentsInput = z.input<typeof ListIncidentsInput>;
