import { authorize, type Ctx } from "../context";
import { db } from "../db";
import { ListServicesInput, type ServiceSummary } from "./schemas";

export interface ServicePage {
  items: ServiceSummary[];
  nextCursor: string | null;
}

export async function listServices(ctx: Ctx, input: ListServicesInput = {}): Promise<ServicePage> {
  authorize(ctx, "read");
  const { limit, cursor } = ListServicesInput.parse(input);
  const rows = await db().service.findMany({
    where: cursor ? { name: { gt: cursor } } : undefined,
    orderBy: { name: "asc" },
    take: limit + 1,
    select: { id: true, name: true, team: true, tier: true, description: true },
  });
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items[items.length - 1].name : null };
}
