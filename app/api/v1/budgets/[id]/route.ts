import { deleteBudget } from "@/lib/attribution/delete-budget";
import { apiRoute } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

export const DELETE = apiRoute<{ id: string }>("DELETE /api/v1/budgets/[id]", (ctx, _request, { id }) =>
  deleteBudget(ctx, id),
);
