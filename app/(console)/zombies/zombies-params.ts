import { choiceOf, type SearchParams, searchOf } from "@/lib/http/page-params";
import { ListZombiesInput } from "@/lib/zombies/schemas";
import { GROUP_ORDERS, type GroupOrder } from "./group-order";

export const PAGE_SIZE = 50;

/** The list's filters as the page's links carry them: defaults left out so the URL stays short. */
export type ZombieFilters = Record<
  "rule" | "status" | "team" | "environment" | "q" | "sort" | "groups",
  string | undefined
>;

/**
 * The Zombies page's view from its URL, through the list verb's own schema: a bad filter or cursor is
 * the problem to show (with nothing listed), not a thrown error.
 */
export function zombiesParams(search: SearchParams) {
  const { values, problem } = searchOf(ListZombiesInput, { ...search, limit: String(PAGE_SIZE) });
  const order: GroupOrder = choiceOf(GROUP_ORDERS, search.groups, "savings");
  const filters: ZombieFilters = {
    rule: values?.rule,
    status: values && values.status !== "open" ? values.status : undefined,
    team: values?.team,
    environment: values?.environment,
    q: values?.q,
    sort: values && values.sort !== "savings" ? values.sort : undefined,
    groups: order === "savings" ? undefined : order,
  };
  return { input: values, problem, order, filters };
}
