import { importTerraformState } from "@/lib/costs/import-terraform-state";
import { apiRoute, queryOf } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

/** ?name=: a Terraform state v4 file as the body; `{ stateId, lineage, serial, resources }`. */
export const POST = apiRoute("POST /api/v1/inventory/terraform-state", async (ctx, request) =>
  importTerraformState(ctx, { name: queryOf(request).name ?? request.headers.get("x-file-name") ?? "terraform.tfstate", text: await request.text() }),
);
