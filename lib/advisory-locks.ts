// Every PostgreSQL advisory lock Vigil takes, in one place, so two never share an id by accident.
// Each is held for a transaction (pg_advisory_xact_lock) unless its comment says otherwise. A key space (`*_SPACE`) is the seed of
// hashtextextended(name, space): one lock per name within it.

/** The audit chain: appends take turns so two never link to the same previous entry. */
export const AUDIT_CHAIN_LOCK = 7_112_003;
/** The span rollup: one at a time across workers. */
export const SPAN_ROLLUP_LOCK = 7_112_004;
/** One lock per (provider, billing account, billing period) an import replaces. */
export const BILLING_PERIOD_LOCK_SPACE = 7_112_005;
/** The cost allocation: one at a time across workers. */
export const COST_ALLOCATION_LOCK = 7_112_006;
/** One lock per billing import, held while it runs: nobody holding it means its process stopped. */
export const BILLING_IMPORT_LOCK_SPACE = 7_112_007;
/** Sign-in attempts on one account (with hashtext(email), the two-int form) take turns. */
export const SIGN_IN_LOCK = 7_112_011;
/** One lock per cloud resource kind an inventory import snapshots (lib/cloud-inventory). */
export const CLOUD_INVENTORY_LOCK_SPACE = 7_112_031;
/** The zombie scan's store: one at a time, so a scheduled scan and "scan now" never interleave. */
export const ZOMBIE_SCAN_LOCK = 7_112_041;
/** Storing queued delivery events: one run at a time, so a key's later events never overtake its earlier ones. */
export const DELIVERY_INBOX_LOCK = 7_112_051;
/** Span compaction: one run at a time across workers; held for the run (a session lock), as it commits batch by batch. */
export const SPAN_COMPACT_LOCK = 7_112_061;
