import { apiRoute } from "@/lib/http/api-route";
import { listPolicyRules } from "@/lib/policy/list-rules";

export const dynamic = "force-dynamic";

/** { rules: [{ id, title, severity, resourceTypes, expression, controls, file, enabled }], problems }. */
export const GET = apiRoute("GET /api/v1/policy/rules", (ctx) => listPolicyRules(ctx));
