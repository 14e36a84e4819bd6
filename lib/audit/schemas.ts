import { z } from "zod";
import { pageLimit, text } from "../validation";
import type { AuditContent } from "./chain";

const unsetWhenEmpty = (value: unknown) => (value === "" || value === null ? undefined : value);

const optionalText = (max: number) => z.preprocess(unsetWhenEmpty, text(max).trim().optional());

const optionalTime = z.preprocess(
  unsetWhenEmpty,
  z.iso.datetime({ offset: true, error: "must be an ISO 8601 time such as 2026-11-24T00:00:00Z" }).optional(),
);

// Sequence numbers are PostgreSQL bigint.
const MAX_SEQ = 2n ** 63n - 1n;

/** Filters shared by the Audit page, its API and the CSV export. */
export const AuditFilter = z.object({
  actor: optionalText(254).describe("Exact actor: an email, a key name or system:<process>"),
  action: optionalText(100).describe("An action, or a prefix ending in '.' such as 'auth.'"),
  target: optionalText(200).describe("type or type:id, such as user or apikey:ci-traces"),
  from: optionalTime,
  to: optionalTime,
});
export type AuditFilter = z.infer<typeof AuditFilter>;

export const ListAuditInput = AuditFilter.extend({
  limit: z.preprocess(unsetWhenEmpty, pageLimit()),
  before: z.preprocess(
    unsetWhenEmpty,
    z.coerce
      .string()
      .regex(/^[1-9][0-9]{0,18}$/, "must be an entry's sequence number")
      .transform((value) => BigInt(value))
      .refine((value) => value <= MAX_SEQ, "must be an entry's sequence number")
      .optional(),
  ),
});
export type ListAuditInput = z.input<typeof ListAuditInput>;

/** An entry as the API and the CSV show it: the hashed content, with times and numbers as text. */
export type AuditRow = Omit<AuditContent, "seq" | "at" | "actorId"> & { seq: string; at: string; hash: string };
