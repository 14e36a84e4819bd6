// Keys the allocation and the charts reserve; free of imports so client components can share them.

/** Spend no tag rule or telemetry gives to a key: kept under this key, shown, never dropped. */
export const UNALLOCATED = "__unallocated__";
/** Spend whose line names no application service: the Overview's chart by service, not "unallocated" (no feature). */
export const NO_SERVICE = "__no_service__";
/** The keys a chart sums together past the ones it draws on their own. */
export const OTHER = "__other__";

/** How the reserved keys read on screen and in exports. */
export const reservedLabel = (key: string) => (key === UNALLOCATED ? "unallocated" : key === OTHER ? "other" : key);
