import { verifyAuditChain } from "@/lib/audit/verify-audit-chain";
import { apiRoute } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

export const POST = apiRoute("POST /api/v1/audit/verify", async (ctx) => Response.json(await verifyAuditChain(ctx)));
