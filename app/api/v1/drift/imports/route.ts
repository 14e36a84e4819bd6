import { importDriftFile } from "@/collectors/iac/import-drift-file";
import { VigilError } from "@/lib/errors";
import { apiRoute, queryOf } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

/**
 * ?format=terraform-show|terraform-plan-jsonl|driftctl[&workspace=][&name=], the file as the body:
 * 201 `{ importId, drifted, unmanaged, missing, planned, resolved, duplicate }`. A bad file is 400
 * naming the file, line or JSON path and why; nothing of it is kept. The caller is checked before
 * the body is read, and the body is streamed.
 */
export const POST = apiRoute("POST /api/v1/drift/imports", async (ctx, request) => {
  const query = queryOf(request);
  const name = query.name || request.headers.get("x-file-name") || `${query.format ?? "drift"}-upload`;
  try {
    return await importDriftFile(ctx, {
      format: query.format ?? "",
      workspace: query.workspace,
      name,
      // No body is an empty file, refused by its parser as such.
      body: (request.body as unknown as AsyncIterable<Uint8Array> | null) ?? "",
    });
  } catch (err) {
    // A refused file was not read to its end: close the connection rather than skip the rest.
    if (err instanceof VigilError && (err.status === 400 || err.status === 413) && "file" in err.details)
      return Response.json(
        { error: { code: err.code, message: err.message, ...err.details } },
        { status: err.status, headers: { connection: "close" } },
      );
    throw err;
  }
});
