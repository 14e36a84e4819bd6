import type { Ctx } from "@/lib/context";
import { VigilError } from "@/lib/errors";
import { importFindings } from "@/lib/policy/import-findings";
import { checkFileName, decodeUtf8, parseJsonText } from "./json-text";
import { FORMATS, type Format, parseFindings } from "./parse-findings";

export const MAX_REPORT_BYTES = 64 * 1024 * 1024;

function formatOf(value: string | undefined): Format {
  if (value && (FORMATS as readonly string[]).includes(value)) return value as Format;
  throw new VigilError("bad_request", `format: must be one of ${FORMATS.join(", ")}`, { field: "format" });
}

/** A scanner's JSON report as the body (?format=checkov|tfsec|trivy|conftest&name=). */
export function importFindingsFile(
  ctx: Ctx,
  input: { format: string | undefined; name: string | undefined; body: () => Promise<Uint8Array> },
) {
  const format = formatOf(input.format);
  const name = checkFileName(input.name ?? `${format}.json`);
  return importFindings(ctx, {
    tool: format,
    name,
    read: async () => parseFindings(format, parseJsonText(decodeUtf8(await input.body(), name), name), name),
  });
}
