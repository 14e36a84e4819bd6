import { OTHER, UNALLOCATED } from "@/lib/attribution/reserved-keys";

/** How the reserved allocation keys read on screen. */
export const keyLabel = (key: string) => (key === UNALLOCATED ? "unallocated" : key === OTHER ? "other" : key);
