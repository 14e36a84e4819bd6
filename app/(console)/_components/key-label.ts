import { NO_SERVICE, OTHER, UNALLOCATED } from "@/lib/attribution/reserved-keys";

const RESERVED: Record<string, string> = { [UNALLOCATED]: "unallocated", [OTHER]: "other", [NO_SERVICE]: "no service" };

/** How the reserved allocation keys read on screen. */
export const keyLabel = (key: string) => RESERVED[key] ?? key;
