import { z } from "zod";
import { blankAsUnset, cursor, oneOf, pageLimit, text, timestamp } from "../validation";
import { STATUSES } from "./finding-records";

export const DECISIONS = ["approve", "reject", "snooze", "done"] as const;

export const DecisionInput = z
  .object({
    action: oneOf(DECISIONS),
    reason: text(2000, 1).refine((value) => value.trim() !== "", "must not be blank"),
    until: timestamp().optional().describe("When a snooze ends, ISO 8601"),
    confirm: text(2048).optional().describe("The resource's name typed again, for a production-like resource"),
  })
  .strict();
export type DecisionInput = z.input<typeof DecisionInput>;

export const SORTS = ["savings", "first-seen", "rule"] as const;

/** A page's position as an opaque cursor; lists here are bounded, so an offset is cheap enough. */
export const OffsetCursor = z.preprocess(
  blankAsUnset,
  cursor((value) => {
    const offset = Number(Buffer.from(value, "base64url").toString("utf8"));
    return Number.isInteger(offset) && offset > 0 && offset <= 100_000 ? offset : null;
  }).optional(),
);

/** The cursor of the page after the one at `offset`, or null when it was the last. */
export const nextOffsetCursor = (offset: number, limit: number, more: boolean) =>
  more ? Buffer.from(String(offset + limit)).toString("base64url") : null;

const Filter = z.preprocess(blankAsUnset, text(200, 1).optional());

export const ListZombiesInput = z.object({
  rule: Filter,
  status: z.preprocess(blankAsUnset, z.union([oneOf(STATUSES), z.literal("open"), z.literal("all")]).default("open")),
  team: Filter,
  environment: Filter,
  q: z.preprocess(blankAsUnset, text(200, 1).optional()),
  /** Protected findings are never proposed for teardown: the queue leaves them out. */
  protected: z.preprocess(blankAsUnset, oneOf(["include", "exclude", "only"]).default("include")),
  sort: z.preprocess(blankAsUnset, oneOf(SORTS).default("savings")),
  limit: pageLimit(),
  cursor: OffsetCursor,
});
export type ListZombiesInput = z.input<typeof ListZombiesInput>;
