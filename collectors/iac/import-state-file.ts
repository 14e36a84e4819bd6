import type { Ctx } from "@/lib/context";
import { importTerraformState, type ImportStateResult } from "@/lib/costs/import-terraform-state";
import { VigilError } from "@/lib/errors";
import { parseTerraformState } from "./parse-terraform-state";

// The entry for a Terraform state file (an upload or an API call): read and parsed only once the
// verb has checked the caller, and read under a size cap.

const MAX_STATE_BYTES = 256 * 1024 * 1024;

/** Puts a state file's managed resources into the inventory; a bad file is a 400 naming what is wrong. */
export function importStateFile(
  ctx: Ctx,
  input: { name: string; text: string | AsyncIterable<Uint8Array> },
): Promise<ImportStateResult> {
  return importTerraformState(ctx, {
    name: input.name,
    read: async () => parseTerraformState(await stateText(input.name, input.text), input.name),
  });
}

/** The state's text, read under the cap: a larger body is refused without being held. */
async function stateText(name: string, body: string | AsyncIterable<Uint8Array>): Promise<string> {
  const tooLarge = () =>
    new VigilError(
      "payload_too_large",
      `${name}: state files over ${MAX_STATE_BYTES / 1024 / 1024} MiB are not accepted`,
      { file: name, limitBytes: MAX_STATE_BYTES },
    );
  if (typeof body === "string") {
    if (body.length > MAX_STATE_BYTES) throw tooLarge();
    return body;
  }
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of body) {
    bytes += chunk.length;
    if (bytes > MAX_STATE_BYTES) throw tooLarge();
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString("utf8");
}
