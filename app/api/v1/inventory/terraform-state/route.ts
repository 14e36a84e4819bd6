import { importStateFile } from "@/collectors/iac/import-state-file";
import { VigilError } from "@/lib/errors";
import { apiRoute, queryOf } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

/**
 * ?name=: a Terraform state v4 file as the body; `{ stateId, lineage, serial, resources }`. The
 * import checks the caller before it reads the body, then reads it under its size cap.
 */
export const POST = apiRoute("POST /api/v1/inventory/terraform-state", async (ctx, request) => {
  if (!request.body) throw new VigilError("bad_request", "Send the Terraform state as the request body");
  const name = queryOf(request).name ?? request.headers.get("x-file-name") ?? "terraform.tfstate";
  return importStateFile(ctx, { name, text: request.body as unknown as AsyncIterable<Uint8Array> });
});
