import { GROUP_LABELS } from "@/lib/attribution/group-labels";
import { CostFilters } from "@/lib/attribution/schemas";
import { choiceOf, firstValue, type SearchParams, searchOf } from "@/lib/http/page-params";
import { blankAsUnset, integer } from "@/lib/validation";
import { z } from "zod";
import { type CostsView, WINDOWS } from "./costs-href";

const CostsParams = CostFilters.extend({ page: z.preprocess(blankAsUnset, integer(0, 10_000).default(0)) });

/**
 * The Costs page's view from its URL: unknown switches fall back to the defaults (the page's own
 * links never send them); a bad filter or page is the problem to show, with the unfiltered view.
 */
export function costsParams(search: SearchParams): { view: CostsView; problem: string | null } {
  const { values, problem } = searchOf(CostsParams, search);
  const { page = 0, ...filters } = values ?? {};
  return {
    view: {
      groupBy: choiceOf(GROUP_LABELS, search.groupBy, "feature"),
      metric: firstValue(search.metric) === "billed" ? "billed" : "effective",
      window: choiceOf(WINDOWS, search.window, "30d"),
      filters: Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined)),
      expand: firstValue(search.expand) === "1",
      page,
    },
    problem,
  };
}
