import { createBudget } from "@/lib/attribution/create-budget";
import { listBudgets } from "@/lib/attribution/list-budgets";
import { apiRoute, jsonBody } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

/** Every budget with this month's spend, run-rate forecast and status. */
export const GET = apiRoute("GET /api/v1/budgets", async (ctx) => ({ items: await listBudgets(ctx) }));

/** { scope: feature|team, key, monthlyAmount, metric?, thresholdPercent? } */
export const POST = apiRoute("POST /api/v1/budgets", async (ctx, request) =>
  createBudget(ctx, (await jsonBody(request)) as never),
);
