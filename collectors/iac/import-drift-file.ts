import { importDrift, type ImportDriftResult } from "@/lib/drift/import-drift";
import type { ParsedDrift } from "@/lib/drift/schemas";
import type { Ctx } from "@/lib/context";
import { parseDriftctl } from "./parse-driftctl";
import { parseTerraformPlanJsonl } from "./parse-terraform-plan-jsonl";
import { parseTerraformShow } from "./parse-terraform-show";
import { readText } from "./read-text";

// The entry for a drift file (an upload or an API call): streamed through its format's parser
// only once the verb has checked the caller and the parameters.

const PARSERS: Record<string, (chunks: AsyncIterable<string>, file: string) => Promise<ParsedDrift>> = {
  "terraform-show": parseTerraformShow,
  "terraform-plan-jsonl": parseTerraformPlanJsonl,
  driftctl: parseDriftctl,
};

export function importDriftFile(
  ctx: Ctx,
  input: { format: string; workspace?: string; name: string; body: string | AsyncIterable<Uint8Array> },
): Promise<ImportDriftResult> {
  return importDrift(ctx, {
    format: input.format,
    workspace: input.workspace,
    name: input.name,
    read: async () => {
      const source = readText(input.name, input.body);
      const parsed = await PARSERS[input.format](source.chunks, input.name);
      return { parsed, digest: source.digest };
    },
  });
}
