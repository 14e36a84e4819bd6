import { z } from "zod";

// Small, plain shapes for tool inputs: the model reads them as JSON Schema, so they stay free of
// preprocessing (which JSON Schema can not express); the lib verb validates again with its own.

export const filterText = (what: string) => z.string().min(1).max(200).optional().describe(what);

export const recordId = (what: string) => z.uuid().describe(what);

export const daysBack = z
  .number()
  .int()
  .min(1)
  .max(90)
  .default(30)
  .describe("How many whole days back from today (UTC) the window reaches; default 30");

/** [from, to) as ISO days covering the last `days` whole days and today. */
export function dayWindow(days: number, now = new Date()): { from: string; to: string } {
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
  const from = new Date(to.getTime() - (days + 1) * 86_400_000);
  return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
}
