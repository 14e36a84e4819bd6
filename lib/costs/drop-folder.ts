import type { Ctx } from "../context";

// The watched folder for billing files is an adapter (collectors/billing/watched-folder.ts) that
// parses and imports what is dropped there. The worker process plugs it in here, so the job
// registry can schedule it without lib importing a collector.

export interface DropResult {
  imported: string[];
  failed: string[];
}

type DropFolderScan = (ctx: Ctx) => Promise<DropResult>;

let plugged: DropFolderScan | null = null;

/** Called once by the worker process at start, before its jobs run. */
export function plugDropFolder(scan: DropFolderScan): void {
  plugged = scan;
}

/** Imports what the watched folder holds; nothing in a process that plugged no folder in. */
export async function scanDropFolder(ctx: Ctx): Promise<DropResult> {
  return plugged ? plugged(ctx) : { imported: [], failed: [] };
}
