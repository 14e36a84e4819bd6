import { systemCtx } from "@/lib/context";
import { closeDb } from "@/lib/db";
import { compactSpans } from "@/lib/traces/compact-spans";

// The compaction job as a process of its own, for lib/traces/compaction-kill.test.ts to kill:
// `node --import tsx test/compaction-child.ts <olderThan ISO>` with DATABASE_URL set. It prints
// "started" once connected, and its result if it is let finish.

const olderThan = new Date(process.argv[2] ?? "");
if (Number.isNaN(olderThan.getTime())) throw new Error("usage: compaction-child.ts <olderThan ISO time>");
console.log("started");
const result = await compactSpans(systemCtx("compaction-child"), { olderThan });
console.log(JSON.stringify(result));
await closeDb();
