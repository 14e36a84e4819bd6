import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { fromRoot, PROJECT_ROOT } from "@/runtime/paths";
import { decodeBody } from "@/collectors/otlp/decode-body";
import { syntheticRequest } from "@/collectors/otlp/synthetic";
import { type Ctx } from "@/lib/context";
import { attributeKeys, registerAttributeKeys } from "@/lib/traces/attribute-keys";
import { ingestSpans } from "@/lib/traces/ingest-spans";

// Many spans quickly, stored as the receiver stores a protobuf request (decodeBody, new keys
// registered and the body decoded again, ingestSpans): the benchmark's synthetic requests of seven
// services, spread evenly over `hours` hours from `startMs`.

const RETENTION_DAYS = 15;

export async function loadSynthetic(ctx: Ctx, requests: number, startMs: number, hours: number): Promise<number> {
  let stored = 0;
  for (let b = 0; b < requests; b++) {
    const body = Buffer.from(syntheticRequest(500, startMs + Math.floor((b / requests) * hours * 3_600_000), b));
    const keys = attributeKeys();
    let batch = decodeBody(body, "protobuf", keys, RETENTION_DAYS, Date.now());
    if (batch.newKeys.size > 0) {
      await registerAttributeKeys(ctx, batch.newKeys);
      batch = decodeBody(body, "protobuf", keys, RETENTION_DAYS, Date.now());
    }
    const result = await ingestSpans(ctx, batch);
    if (result.rejected > 0) throw new Error(`synthetic spans rejected: ${result.reasons.join("; ")}`);
    stored += result.stored;
  }
  return stored;
}

/** test/compaction-child.ts as a process of its own compacting what starts before `olderThan` on `url`. */
export function spawnCompaction(olderThan: Date, url: string): ChildProcessWithoutNullStreams {
  return spawn(
    process.execPath,
    ["--import", "tsx", fromRoot("test", "compaction-child.ts"), olderThan.toISOString()],
    {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: url },
    },
  );
}
