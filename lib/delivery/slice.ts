import { z } from "zod";
import { day, text, timestamp } from "@/lib/validation";

// Which deliveries a figure covers: the window [from, to) and the platform, one service or one team.

export interface DoraSlice {
  from: Date;
  to: Date;
  service?: string;
  team?: string;
}

const MAX_WINDOW_DAYS = 3 * 366;

/** A day (its UTC midnight) or an ISO 8601 time with an offset. */
const moment = z
  .union([day(), timestamp()], { error: "must be a day (YYYY-MM-DD) or an ISO 8601 time with an offset" })
  .transform((value) => new Date(value.length === 10 ? `${value}T00:00:00Z` : value));

/** The window checks only once from and to are dates: a refused moment leaves its text in place. */
const datesParsed = { when: (payload: z.core.ParsePayload) => payload.issues.length === 0 };

export const DoraSliceInput = z
  .object({
    from: moment,
    to: moment,
    service: text(200, 1).optional(),
    team: text(200, 1).optional(),
  })
  .refine((s) => s.to.getTime() > s.from.getTime(), { path: ["to"], message: "must be after from", ...datesParsed })
  .refine((s) => s.to.getTime() - s.from.getTime() <= MAX_WINDOW_DAYS * 86_400_000, {
    path: ["to"],
    message: `the window may span at most ${MAX_WINDOW_DAYS} days`,
    ...datesParsed,
  })
  .refine((s) => !(s.service && s.team), { path: ["team"], message: "give a service or a team, not both" });
