import { z } from "zod";
import { authorize, type Ctx } from "../context";
import { pool } from "../db";
import { pageLimit, parseInput } from "../validation";
import { money } from "./finding-records";
import type { OffHoursSchedule } from "./offhours";
import { type ResourceColumns, resourceFieldsOf } from "./resource-fields";
import { nextOffsetCursor, OffsetCursor } from "./schemas";

// The last scan's off-hours proposals, largest saving first, with their totals per currency (never
// added across currencies): what stopping non-production compute at night and at weekends saves.

export const ListOffHoursInput = z.object({
  limit: pageLimit(),
  cursor: OffsetCursor,
});
export type ListOffHoursInput = z.input<typeof ListOffHoursInput>;

interface Row extends ResourceColumns {
  environment: string;
  currency: string;
  hourly_cost: string;
  schedule: OffHoursSchedule;
  month: string;
  off_hours: number;
  hours_in_month: number;
  monthly_saving: string;
  scanned_at: Date;
}

const view = (r: Row) => ({
  ...resourceFieldsOf(r),
  environment: r.environment,
  currency: r.currency,
  hourlyCost: money(r.hourly_cost)!,
  schedule: r.schedule,
  month: r.month,
  offHours: r.off_hours,
  hoursInMonth: r.hours_in_month,
  monthlySaving: money(r.monthly_saving)!,
});
export type OffHoursView = ReturnType<typeof view>;

const PAGE = `SELECT resource_key, resource_id, kind, address, arn, name, region, service, team, environment,
    trim(currency) AS currency, hourly_cost::text, schedule, month, off_hours, hours_in_month, monthly_saving::text,
    scanned_at
  FROM zombie_offhours ORDER BY monthly_saving DESC, resource_key, currency LIMIT $1 OFFSET $2`;
const TOTALS = `SELECT trim(currency) AS currency, sum(monthly_saving)::text AS saving, count(*)::int AS resources,
    max(scanned_at) AS scanned_at
  FROM zombie_offhours GROUP BY 1 ORDER BY 1`;

export async function listOffHours(ctx: Ctx, input: ListOffHoursInput) {
  authorize(ctx, "read");
  const q = parseInput(ListOffHoursInput, input);
  const offset = q.cursor ?? 0;
  const client = pool();
  const [page, totals] = await Promise.all([
    client.query<Row>(PAGE, [q.limit + 1, offset]),
    client.query<{ currency: string; saving: string; resources: number; scanned_at: Date }>(TOTALS),
  ]);
  const scanned = totals.rows.map((t) => t.scanned_at.getTime());
  return {
    items: page.rows.slice(0, q.limit).map(view),
    nextCursor: nextOffsetCursor(offset, q.limit, page.rows.length > q.limit),
    totals: totals.rows.map((t) => ({ currency: t.currency, monthlySaving: money(t.saving)!, resources: t.resources })),
    scannedAt: scanned.length ? new Date(Math.max(...scanned)).toISOString() : null,
  };
}
