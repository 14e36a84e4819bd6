import { z } from "zod";
import type { AuditContent } from "./chain";

const optionalText = (max: number) =>
  z.preprocess((value) => (value === "" || value === null ? undefined : value), z.string().trim().max(max).optional());

const optionalTime = z.preprocess(
  (value) => (value === "" || value === null ? undefined : value),
  z.iso.datetime({ offset: true, error: "must be an ISO 8601 time such as 2026-11-24T00:00:00Z" }).optional(),
);

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
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.preprocess((value) => (value === "" ? undefined : value), z.coerce.bigint().positive().optional()),
});
export type ListAuditInput = z.input<typeof ListAuditInput>;

/** An entry as the API and the CSV show it: the hashed content, with times and numbers as text. */
export type AuditRow = Omit<AuditContent, "seq" | "at" | "actorId"> & { seq: string; at: string; hash: string };
