import { z } from "zod";
import { MAX_INVENTORY_OFFSET } from "@/lib/costs/list-inventory";
import { type SearchParams, searchOf } from "@/lib/http/page-params";
import { blankAsUnset, oneOf, pageNumber, text } from "@/lib/validation";

export const PAGE_SIZE = 50;

const InventoryParams = z.object({
  page: z.preprocess(blankAsUnset, pageNumber(MAX_INVENTORY_OFFSET / PAGE_SIZE).default(0)),
  q: z.preprocess(blankAsUnset, text(200).optional()),
  view: z.preprocess(blankAsUnset, oneOf(["managed", "unmanaged"]).default("managed")),
});

/** `?q=&page=&view=` of the inventory page, or the problem to show instead of the table. */
export function inventoryParams(search: SearchParams) {
  return searchOf(InventoryParams, search);
}
