import { ListAnomaliesInput } from "@/lib/anomalies/schemas";
import { type SearchParams, searchOf } from "@/lib/http/page-params";

export const PAGE_SIZE = 50;

export type AnomalyFilters = Record<"status" | "service" | "series", string | undefined>;

/** The page's list from its URL through the list verb's schema: a bad filter is shown, not thrown. */
export function anomalyParams(search: SearchParams) {
  const { values, problem } = searchOf(ListAnomaliesInput, { ...search, limit: String(PAGE_SIZE) });
  const filters: AnomalyFilters = {
    status: values && values.status !== "all" ? values.status : undefined,
    service: values?.service,
    series: values?.series,
  };
  return { input: values, problem, filters };
}

export function anomalyQuery(filters: Partial<AnomalyFilters>): URLSearchParams {
  return new URLSearchParams(Object.entries(filters).filter((entry): entry is [string, string] => Boolean(entry[1])));
}
