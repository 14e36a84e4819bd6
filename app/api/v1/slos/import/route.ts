import { z } from "zod";
import { apiRoute, MAX_JSON_BYTES, queryOf } from "@/lib/http/api-route";
import { readBody } from "@/lib/http/read-body";
import { VigilError } from "@/lib/errors";
import { importSpecs } from "@/lib/slo/import-specs";
import { blankAsUnset, oneOf, parseInput, text } from "@/lib/validation";

export const dynamic = "force-dynamic";

const ImportQuery = z.object({
  /** The file's name, as findings name it. */
  file: z.preprocess(
    blankAsUnset,
    text(200, 1)
      .refine((name) => /^[\w.\- ]+$/.test(name), "must be a file name: letters, digits, '.', '-', '_' and spaces")
      .optional(),
  ),
  dryRun: z.preprocess(blankAsUnset, oneOf(["true", "false"]).optional()),
});

/**
 * An OpenSLO v1 or Sloth prometheus/v1 YAML file as the body (?file= names it in findings,
 * ?dryRun=true answers the plan without applying it): 400 naming each finding's line and field.
 */
export const POST = apiRoute("POST /api/v1/slos/import", async (ctx, request) => {
  const query = parseInput(ImportQuery, queryOf(request));
  const bytes = await readBody(request, MAX_JSON_BYTES);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new VigilError("bad_request", "(body): is not valid UTF-8", { field: "(body)" });
  }
  const result = await importSpecs(ctx, {
    fileName: query.file ?? "request body",
    text,
    dryRun: query.dryRun === "true",
  });
  if (result.refused) {
    const error = { code: "bad_request", ...result.refused, findings: result.plan.findings };
    return Response.json({ error, requestId: ctx.requestId }, { status: 400 });
  }
  return Response.json(result, { status: result.applied && result.plan.create.length ? 201 : 200 });
});
