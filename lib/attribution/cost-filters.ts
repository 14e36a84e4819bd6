import { type CostFilters, GROUPS, type GroupKey } from "./schemas";

/** The filters that are set, in a stable order. */
export function activeFilters(filters: Partial<CostFilters>): [GroupKey, string][] {
  return (Object.keys(GROUPS) as GroupKey[]).flatMap((key) => {
    const value = filters[key];
    return value === undefined ? [] : [[key, value] as [GroupKey, string]];
  });
}

/**
 * `AND column = $n` for each filter set, numbered from `first`, with its values: the columns come
 * from GROUPS (never from the request), the values travel as parameters.
 */
export function filterSql(filters: Partial<CostFilters>, first: number): { sql: string; params: string[] } {
  const active = activeFilters(filters);
  return {
    sql: active.map(([key], index) => ` AND ${GROUPS[key]} = $${first + index}`).join(""),
    params: active.map(([, value]) => value),
  };
}
