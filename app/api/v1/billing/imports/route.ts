import { z } from "zod";
import { importBillingFile } from "@/collectors/billing/import-billing-file";
import { listImports } from "@/lib/costs/list-imports";
import { VigilError } from "@/lib/errors";
import { apiRoute, queryOf } from "@/lib/http/api-route";
import { parseInput, text } from "@/lib/validation";

const NameQuery = z.object({ name: text(500, 1).optional() });

export const dynamic = "force-dynamic";

/** ?limit=&after=: every import, newest first. */
export const GET = apiRoute("GET /api/v1/billing/imports", (ctx, request) => listImports(ctx, queryOf(request)));

/**
 * ?format=focus|cur2|cur-legacy|azure|gcp[&dataset=actual|amortized][&name=file.csv], the file as
 * the body (gzip allowed). 201 `{ importId, rows, totals: [{ currency, billedCost, effectiveCost }],
 * billedCost, effectiveCost (null when the file mixes currencies), period, allocation: { from, to,
 * status: allocated|failed, allocatedAt } }`: the answer comes once the import's days are allocated,
 * so every cost view shows them; a failed allocation leaves the lines in. A bad file is 400
 * `{ error, file, line, column }`, one over VIGIL_BILLING_MAX_FILE_MB 413. The import checks
 * the caller before it reads any of the body, then streams it under the caps.
 */
export const POST = apiRoute("POST /api/v1/billing/imports", async (ctx, request) => {
  const query = queryOf(request);
  if (!request.body) throw new VigilError("bad_request", "Send the billing file as the request body");
  const { name } = parseInput(NameQuery, { name: query.name });
  const fileName = name ?? request.headers.get("x-file-name") ?? `${query.format ?? "billing"}-upload`;
  try {
    return await importBillingFile(
      ctx,
      {
        format: query.format as never,
        dataset: query.dataset as never,
        fileName,
        via: ctx.actor.kind === "api_key" ? "api" : "upload",
      },
      request.body as unknown as AsyncIterable<Uint8Array>,
    );
  } catch (err) {
    // The contract puts where the file is wrong next to the error, as well as inside it.
    // A refused file was not read to its end: closing the connection stops the browser from
    // sending its next request on a socket whose server is still skipping the rest of the upload.
    if (err instanceof VigilError && (err.status === 400 || err.status === 413) && "file" in err.details) {
      return Response.json(
        {
          error: { code: err.code, message: err.message, ...err.details },
          file: err.details.file,
          line: err.details.line ?? null,
          column: err.details.column ?? null,
        },
        { status: err.status, headers: { connection: "close" } },
      );
    }
    throw err;
  }
});
