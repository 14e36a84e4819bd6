import { roleCtx } from "@/test/factories";
import { searchTraces, type SearchTracesInput } from "@/lib/traces/search-traces";
import { spanDurationHistogram } from "@/lib/traces/span-duration-histogram";

// Trace searches over a window, every filter the API takes, in each order, walked page by page
// with the cursors the API hands out: what the search page and GET /api/v1/traces answer.

const viewer = roleCtx("viewer");
const SORTS = ["-start", "start", "-duration", "duration"] as const;
/** Pages walked at most per search, and page sizes: many cursor boundaries, bounded in time. */
export interface SearchBudget {
  pages: number;
  limits: number[];
  /** Traces looked up by id at most (a fixed sample by the ids' md5); every one when unset. */
  traces?: number;
}
const FULL: SearchBudget = { pages: 5, limits: [7, 200] };

export interface SearchSubjects {
  services: string[];
  operations: string[];
  /** key:value filters, promoted columns and JSONB attributes alike. */
  attrs: string[];
}

const failure = (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) });

/** Filters crossed with windows: each service, status, operation, duration range and attr. */
export function searchFilters(windows: { from: Date; to: Date }[], s: SearchSubjects): SearchTracesInput[] {
  const at = (w: { from: Date; to: Date }) => ({ from: w.from.toISOString(), to: w.to.toISOString() });
  const [whole, ...narrow] = windows;
  const filters: SearchTracesInput[] = windows.map(at);
  for (const service of s.services) {
    filters.push({ ...at(whole), service });
    filters.push({ ...at(whole), service, status: "error" });
  }
  for (const status of ["error", "ok", "unset"] as const) filters.push({ ...at(whole), status });
  for (const operation of s.operations) filters.push({ ...at(whole), operation });
  for (const attr of s.attrs) filters.push({ ...at(whole), attr });
  filters.push({ ...at(whole), minDurationMs: 20 });
  filters.push({ ...at(whole), maxDurationMs: 5 });
  filters.push({ ...at(whole), minDurationMs: 1, maxDurationMs: 30.5, status: "ok" });
  for (const w of narrow) filters.push({ ...at(w), status: "error" }, { ...at(w), minDurationMs: 10 });
  return filters;
}

/** Every page of one search, as the API returns them, or the error it answers with. */
async function walk(input: SearchTracesInput, maxPages: number): Promise<unknown[]> {
  const pages: unknown[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    try {
      const result = await searchTraces(viewer, { ...input, cursor });
      pages.push(result);
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    } catch (error) {
      pages.push(failure(error));
      break;
    }
  }
  return pages;
}

/** Each filter in each order with a small and a large page, and its duration chart. */
export async function captureSearches(filters: SearchTracesInput[], budget: SearchBudget = FULL) {
  const searches: Record<string, unknown[]> = {};
  const histograms: Record<string, unknown> = {};
  for (const filter of filters) {
    const name = JSON.stringify(filter);
    histograms[name] = await spanDurationHistogram(viewer, filter).catch(failure);
    for (const sort of SORTS) {
      for (const limit of budget.limits)
        searches[`${name} ${sort} ${limit}`] = await walk({ ...filter, sort, limit }, budget.pages);
    }
  }
  return { searches, histograms };
}
