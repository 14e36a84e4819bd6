import { jsonErrorAt, jsonErrorText } from "../json-error";
import { VigilError } from "@/lib/errors";

// A JSON upload's text: refused as not UTF-8, or as not JSON with the line and column of the first
// error (a truncated file says where it ends), naming the file.

export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new VigilError("bad_request", `${file}: not UTF-8 text`, { file });
  }
}

export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const at = jsonErrorAt(text);
    throw new VigilError("bad_request", `${file}: not JSON${jsonErrorText(at)}`, {
      file,
      line: at?.line ?? null,
      column: at?.column ?? null,
    });
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** What another tool's file is, so a file sent to the wrong endpoint is named rather than misread. */
export function recogniseFile(json: unknown): string | null {
  if (Array.isArray(json)) {
    const first: unknown = json[0];
    if (isObject(first) && "check_type" in first)
      return "a Checkov report (POST it to /api/v1/policy/imports?format=checkov)";
    if (isObject(first) && "namespace" in first && "failures" in first)
      return "a conftest report (POST it to /api/v1/policy/imports?format=conftest)";
    return null;
  }
  if (!isObject(json)) return null;
  if ("lineage" in json && "resources" in json)
    return "a Terraform state (POST it to /api/v1/inventory/terraform-state)";
  if ("check_type" in json) return "a Checkov report (POST it to /api/v1/policy/imports?format=checkov)";
  if ("SchemaVersion" in json && "Results" in json)
    return "a Trivy report (POST it to /api/v1/policy/imports?format=trivy)";
  if ("results" in json && Array.isArray(json.results) && isObject(json.results[0]) && "rule_id" in json.results[0])
    return "a tfsec report (POST it to /api/v1/policy/imports?format=tfsec)";
  if ("summary" in json && "managed" in json && "unmanaged" in json)
    return "a driftctl scan (POST it to /api/v1/drift/imports?format=driftctl)";
  if ("totalMonthlyCost" in json && "projects" in json) return "an Infracost breakdown";
  return null;
}

/** The file name a caller gives (?name=), checked: it is echoed in messages and stored with imports. */
export function checkFileName(name: string): string {
  const problem =
    name.length === 0
      ? "must not be empty"
      : name.length > 500
        ? "longer than 500 characters"
        : name.includes("\0")
          ? "contains a NUL character"
          : /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(name)
            ? "contains a lone surrogate (not valid Unicode)"
            : null;
  if (problem) throw new VigilError("bad_request", `name: ${problem}`, { field: "name" });
  return name;
}
