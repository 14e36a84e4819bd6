// The WebAssembly half of the protobuf hot path: assembly/span-rows.ts (AssemblyScript, built into
// span-rows.wasm) writes the COPY row of a Span of the common shape in about a tenth of the time
// the JavaScript in wire-copy.ts takes; any other span it hands back, and wire-copy.ts writes it.
// This module owns the WebAssembly memory: the key table it reads, the request, and the rows.

import fs from "node:fs";
import path from "node:path";
import { PROMOTED } from "@/lib/traces/span-record";
import type { KeyCache } from "./copy-attributes";
import type { CopyWriter } from "./copy-writer";

interface Exports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  setup(table: number, arena: number, arenaEnd: number): void;
  clearKeys(): void;
  addKey(keyAt: number, keyLength: number, kind: number, nameAt: number, nameLength: number): number;
  begin(oldestNs: bigint, newestNs: bigint, lateBeforeNs: bigint): void;
  origin(at: number, length: number, featureAt: number, featureLength: number): void;
  dayCountOf(): number;
  dayAt(index: number): bigint;
  lateCountOf(): number;
  lateAt(index: number): bigint;
  span(start: number, end: number, at: number): number;
}

const PAGE = 65_536;
const TABLE_BYTES = 32_768 * 16;
const ARENA_BYTES = 6 << 20;
const KEY_SCRATCH = 64 * 1024;
const ORIGIN_BYTES = 64 * 1024;
const MIN_OUTPUT = 1 << 20;
// Rows never grow past 8 bytes per request byte, plus the shared columns and a margin.
const EXPANSION = 8;
const MARGIN = 4096;

const COLUMN_OF = new Map<string, number>();
Object.values(PROMOTED).forEach((keys, column) =>
  keys.forEach((key, priority) => COLUMN_OF.set(key, 1 + column * 4 + priority)),
);

const align = (n: number) => Math.ceil(n / 16) * 16;

export class SpanRows {
  private bytes: Buffer;
  private readonly keyScratch: number;
  private readonly originAt: number;
  private readonly inputAt: number;
  private inputCapacity = 0;
  private outputAt = 0;
  private outputEnd = 0;
  private pending = 0;
  private originLength = -1;
  private keys: KeyCache | null = null;
  private synced = 0;
  spansWritten = 0;
  spansHandedBack = 0;

  constructor(private readonly wasm: Exports) {
    const table = align(wasm.heapBase());
    const arena = table + TABLE_BYTES;
    this.keyScratch = arena + ARENA_BYTES;
    this.originAt = this.keyScratch + KEY_SCRATCH;
    this.inputAt = this.originAt + ORIGIN_BYTES;
    this.bytes = this.reserve(this.inputAt);
    wasm.setup(table, arena, arena + ARENA_BYTES);
  }

  private reserve(bytes: number): Buffer {
    const memory = this.wasm.memory;
    if (memory.buffer.byteLength < bytes) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE));
    this.bytes = Buffer.from(memory.buffer);
    return this.bytes;
  }

  /** A request begins: its bytes go in, its time window is set, keys cached since are added. */
  begin(body: Buffer, oldestNs: bigint, newestNs: bigint, lateBeforeNs: bigint, keys: KeyCache): void {
    if (body.length > this.inputCapacity) {
      this.inputCapacity = align(body.length);
      this.outputAt = this.inputAt + this.inputCapacity;
      this.outputEnd = this.outputAt + Math.max(MIN_OUTPUT, 2 * this.inputCapacity);
      this.reserve(this.outputEnd);
    }
    this.bytes.set(body, this.inputAt);
    this.pending = this.outputAt;
    this.wasm.begin(oldestNs, newestNs, lateBeforeNs);
    this.syncKeys(keys);
  }

  /** Keys the JavaScript path cached since the last call (or all of them, for another dictionary). */
  syncKeys(keys: KeyCache): void {
    if (keys !== this.keys) {
      this.keys = keys;
      this.synced = 0;
      this.wasm.clearKeys();
    }
    const entries = keys.entries;
    while (this.synced < entries.length) {
      const entry = entries[this.synced++];
      const kind = entry.kind === "promoted" ? COLUMN_OF.get(entry.key) : entry.kind === "id" ? 0 : undefined;
      if (kind === undefined || entry.bytes.length + entry.name.length > KEY_SCRATCH) continue;
      entry.bytes.copy(this.bytes, this.keyScratch);
      entry.name.copy(this.bytes, this.keyScratch + entry.bytes.length);
      this.wasm.addKey(
        this.keyScratch,
        entry.bytes.length,
        kind,
        this.keyScratch + entry.bytes.length,
        entry.name.length,
      );
    }
  }

  /** The shared columns of the spans that follow, and their resource's feature as a COPY field. */
  origin(columns: Buffer, feature: Buffer): boolean {
    if (columns.length + feature.length > ORIGIN_BYTES) {
      this.originLength = -1;
      return false;
    }
    columns.copy(this.bytes, this.originAt);
    feature.copy(this.bytes, this.originAt + columns.length);
    this.originLength = columns.length + feature.length;
    this.wasm.origin(this.originAt, columns.length, this.originAt + columns.length, feature.length);
    return true;
  }

  /**
   * The Span at [start, end) of the request as a row after the rows pending; false when it is
   * the JavaScript path's. Pending rows must be flushed before that path writes a row.
   */
  span(start: number, end: number, out: CopyWriter): boolean {
    const room = EXPANSION * (end - start) + this.originLength + MARGIN;
    if (this.pending + room > this.outputEnd) {
      this.flush(out);
      if (this.pending + room > this.outputEnd) return false;
    }
    const at = this.wasm.span(this.inputAt + start, this.inputAt + end, this.pending);
    if (at < 0) {
      this.spansHandedBack += 1;
      return false;
    }
    this.pending = at;
    this.spansWritten += 1;
    return true;
  }

  /** Moves the rows written so far into `out`. */
  flush(out: CopyWriter): void {
    if (this.pending > this.outputAt) out.copy(this.bytes, this.outputAt, this.pending);
    this.pending = this.outputAt;
  }

  /** Days (since 1970-01-01, UTC) the written spans start on. */
  days(): number[] {
    return Array.from({ length: this.wasm.dayCountOf() }, (_, i) => Number(this.wasm.dayAt(i)));
  }

  /** Minutes (since 1970-01-01, UTC) late spans written start in. */
  lateMinutes(): number[] {
    return Array.from({ length: this.wasm.lateCountOf() }, (_, i) => Number(this.wasm.lateAt(i)));
  }
}

let instance: SpanRows | null | undefined;
let enabled = true;

/** The process's WebAssembly span writer; null when switched off or when it can not be loaded. */
export function spanRows(): SpanRows | null {
  if (!enabled) return null;
  if (instance === undefined) {
    try {
      const compiled = new WebAssembly.Module(
        fs.readFileSync(path.join(import.meta.dirname, "assembly", "span-rows.wasm")),
      );
      instance = new SpanRows(new WebAssembly.Instance(compiled, {}).exports as unknown as Exports);
    } catch (err) {
      console.error(
        `span-rows.wasm could not be loaded; protobuf spans are written by JavaScript alone: ${(err as Error).message}`,
      );
      instance = null;
    }
  }
  return instance;
}

/** For tests and benchmarks: the JavaScript path alone (false), or with WebAssembly (true). */
export function useSpanRows(on: boolean): void {
  enabled = on;
}
