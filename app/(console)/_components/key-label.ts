/** How the reserved allocation keys read on screen. */
export const keyLabel = (key: string) =>
  key === "__unallocated__" ? "unallocated" : key === "__other__" ? "other" : key;
