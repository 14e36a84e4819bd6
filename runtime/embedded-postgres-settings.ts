const MB = 2 ** 20;
/** PostgreSQL's default, which the embedded server keeps: work_mem is sized against it. */
export const EMBEDDED_MAX_CONNECTIONS = 100;

/** The machine the embedded server is sized for. */
export interface MachineSize {
  totalBytes: number;
  cpus: number;
}

/** effective_cache_size counts 8 kB pages in an int: 2^31 - 1 of them. */
const MAX_CACHE_MB = Math.floor(((2 ** 31 - 1) * 8) / 1024);

const clampMb = (bytes: number, minMb: number, maxMb: number) =>
  Math.min(maxMb, Math.max(minMb, Math.floor(bytes / MB)));

/**
 * The embedded server's settings for a machine of `totalBytes` memory and `cpus` cores (the same
 * values README recommends for an external server). PostgreSQL's defaults (128 MB buffers, 4 MB
 * work_mem) suit a 1 GB host; Vigil's span, rollup and delivery tables want a quarter of the machine
 * cached by PostgreSQL and the page cache counted for the rest. Sorts and hashes get a share of
 * memory assuming a quarter of the connections sort at once; WAL is sized so that a day of ingest
 * does not checkpoint every few minutes. The embedded build has pglz only (no lz4, no zstd).
 */
export function postgresSettings(totalBytes: number, cpus: number): Record<string, string> {
  if (!Number.isFinite(totalBytes) || totalBytes <= 0)
    throw new RangeError(`Machine memory ${totalBytes} is not a size`);
  if (!Number.isInteger(cpus) || cpus < 1) throw new RangeError(`Machine cores ${cpus} is not a count`);
  return {
    shared_buffers: `${clampMb(totalBytes / 4, 128, 8192)}MB`,
    effective_cache_size: `${clampMb(totalBytes / 2, 128, MAX_CACHE_MB)}MB`,
    work_mem: `${clampMb(totalBytes / (4 * EMBEDDED_MAX_CONNECTIONS), 4, 64)}MB`,
    maintenance_work_mem: `${clampMb(totalBytes / 16, 64, 2048)}MB`,
    max_wal_size: "4GB",
    min_wal_size: "1GB",
    checkpoint_timeout: "15min",
    wal_compression: "pglz",
    random_page_cost: "1.1",
    effective_io_concurrency: "200",
    // More than max_parallel_workers (8 by default) could never start.
    max_parallel_workers_per_gather: String(Math.min(8, Math.max(0, Math.floor(cpus / 2)))),
    jit: "off",
  };
}

/** `postgresSettings` as `postgres -c name=value` flags. */
export function settingsFlags(settings: Record<string, string>): string[] {
  return Object.entries(settings).flatMap(([name, value]) => ["-c", `${name}=${value}`]);
}
