import { createHash } from "node:crypto";
import type { Ctx } from "@/lib/context";
import { importBilling } from "@/lib/costs/import-billing";
import type { ImportBillingInput, ImportBillingResult } from "@/lib/costs/schemas";
import { billingLimits } from "./limits";
import { parseBillingFile } from "./parse-billing-file";

// The entry for a billing file as bytes (an upload, an API call, a dropped file): its lines are
// parsed as the bytes stream in, and only once the import pulls them, so nothing is read before
// the verb has checked the caller.

/**
 * Imports a billing file from a byte stream, gzip or not, under the caps from settings. A bad cell
 * rejects the file with a 400 naming the file, line and column.
 */
export function importBillingFile(
  ctx: Ctx,
  input: ImportBillingInput,
  body: AsyncIterable<Buffer | Uint8Array>,
): Promise<ImportBillingResult> {
  const tally = { bytes: 0, hash: createHash("sha256"), sha256: null as string | null };
  const lines = parseBillingFile(measured(body, tally), {
    format: input.format,
    file: input.fileName,
    dataset: input.dataset,
    limits: billingLimits(),
  });
  return importBilling(ctx, input, {
    lines,
    read: () => ({ bytes: tally.bytes, sha256: (tally.sha256 ??= tally.hash.digest("hex")) }),
  });
}

/** Counts bytes and hashes the file as it streams past. */
async function* measured(
  input: AsyncIterable<Buffer | Uint8Array>,
  tally: { bytes: number; hash: ReturnType<typeof createHash> },
): AsyncGenerator<Buffer> {
  for await (const chunk of input) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    tally.bytes += buffer.length;
    tally.hash.update(buffer);
    yield buffer;
  }
}
