import { env } from "@/lib/env";
import { VigilError } from "@/lib/errors";
import { BillingFileError } from "./cells";

// Bounds on what a billing file may make the server hold. Every check runs on the byte stream
// before a parser sees it, in one pass, so a hostile file is refused after at most one cell or
// record's worth of bytes, whatever it would have expanded to.

export interface BillingLimits {
  /** Largest file, as sent and again after gunzip. */
  maxFileBytes: number;
  /** Largest CSV cell. */
  maxCellBytes: number;
  /** Largest CSV record or JSON line. */
  maxRecordBytes: number;
}

export const DEFAULT_LIMITS: BillingLimits = {
  maxFileBytes: 8192 * 1024 * 1024,
  maxCellBytes: 64 * 1024,
  maxRecordBytes: 1024 * 1024,
};

/** The caps from settings. */
export function billingLimits(): BillingLimits {
  const settings = env();
  return {
    maxFileBytes: settings.VIGIL_BILLING_MAX_FILE_MB * 1024 * 1024,
    maxCellBytes: settings.VIGIL_BILLING_MAX_CELL_KB * 1024,
    maxRecordBytes: settings.VIGIL_BILLING_MAX_RECORD_KB * 1024,
  };
}

const mib = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;

/** The stream unchanged, refused with a 413 once it passes `max` bytes. */
export async function* capped(
  input: AsyncIterable<Buffer>,
  max: number,
  file: string,
  what: string,
): AsyncGenerator<Buffer> {
  let bytes = 0;
  for await (const chunk of input) {
    bytes += chunk.length;
    if (bytes > max) {
      throw new VigilError(
        "payload_too_large",
        `${file}: ${what} is larger than the ${mib(max)} limit (VIGIL_BILLING_MAX_FILE_MB)`,
        { file, limitBytes: max },
      );
    }
    yield chunk;
  }
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;

/**
 * The CSV stream unchanged, checked byte by byte against the cell and record caps, tracking
 * quotes as RFC 4180 does. A quote that never closes is caught at the cell cap (or the end of
 * the file) instead of being carried, and re-scanned by the parser, to the end of the file.
 */
export async function* guardedCsv(
  input: AsyncIterable<Buffer>,
  limits: BillingLimits,
  file: string,
): AsyncGenerator<Buffer> {
  const scan = new CsvScan(limits, file);
  for await (const chunk of input) {
    scan.push(chunk);
    yield chunk;
  }
  scan.end();
}

class CsvScan {
  private line = 1;
  private recordLine = 1;
  private cellLine = 1;
  private column = 0;
  /** Bytes of the current cell and record carried over from earlier chunks. */
  private cell = 0;
  private record = 0;
  private inQuotes = false;
  private closedQuote = false;
  private header: Buffer[] | null = [];
  private names: string[] = [];

  constructor(
    private readonly limits: BillingLimits,
    private readonly file: string,
  ) {}

  /**
   * One pass over the chunk. Only quotes, commas and line feeds (all below 0x2d) change the state,
   * so other bytes cost one comparison; lengths are measured between delimiters.
   */
  push(chunk: Buffer): void {
    const { maxCellBytes, maxRecordBytes } = this.limits;
    let { line, inQuotes, closedQuote, column, cellLine } = this;
    let cellStart = -this.cell;
    let recordStart = -this.record;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte > COMMA) {
        closedQuote = false;
      } else if (inQuotes) {
        if (byte === QUOTE) {
          inQuotes = false;
          closedQuote = true;
        } else if (byte === LF) line += 1;
      } else if (byte === QUOTE) {
        // "" inside a quoted cell is an escaped quote; a quote opening an empty cell starts one.
        if (i === cellStart) cellLine = line;
        inQuotes = closedQuote || i === cellStart;
        closedQuote = false;
      } else if (byte === COMMA || byte === LF) {
        if (i - cellStart > maxCellBytes || i - recordStart > maxRecordBytes) {
          Object.assign(this, { column, cellLine });
          this.check(i - cellStart, i - recordStart, false);
        }
        closedQuote = false;
        cellStart = i + 1;
        column += 1;
        if (byte === LF) {
          line += 1;
          if (this.header) this.endHeader(chunk, i);
          column = 0;
          recordStart = i + 1;
          this.recordLine = line;
        }
        cellLine = line;
      } else closedQuote = false;
    }
    Object.assign(this, {
      line,
      inQuotes,
      closedQuote,
      column,
      cellLine,
      cell: chunk.length - cellStart,
      record: chunk.length - recordStart,
    });
    this.check(this.cell, this.record, inQuotes);
    // The header's bytes are kept (within the record cap) so that errors can name a column.
    if (this.header) this.header.push(chunk);
  }

  end(): void {
    if (this.inQuotes) this.fail(`unclosed quote starting at line ${this.cellLine}`, this.cellLine, true);
  }

  private check(cell: number, record: number, inQuotes: boolean): void {
    const { maxCellBytes, maxRecordBytes } = this.limits;
    if (cell > maxCellBytes)
      this.fail(
        `cell longer than ${maxCellBytes} bytes${inQuotes ? ` (a quote opened on line ${this.cellLine} is never closed?)` : ""}`,
        this.cellLine,
        true,
      );
    if (record > maxRecordBytes) this.fail(`record longer than ${maxRecordBytes} bytes`, this.recordLine, false);
  }

  private endHeader(chunk: Buffer, end: number): void {
    this.names = parseHeader(Buffer.concat([...(this.header as Buffer[]), chunk.subarray(0, end)]).toString("utf8"));
    this.header = null;
  }

  private fail(message: string, line: number, withColumn: boolean): never {
    const column = withColumn ? (this.names[this.column] ?? `#${this.column + 1}`) : null;
    throw new BillingFileError(message, this.file, line, column);
  }
}

/** Column names from a header line already checked to be short; quotes as RFC 4180. */
function parseHeader(text: string): string[] {
  const names: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        current += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else current += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      names.push(current.trim());
      current = "";
    } else current += c;
  }
  names.push(current.replace(/\r$/, "").trim());
  if (names[0]?.charCodeAt(0) === 0xfeff) names[0] = names[0].slice(1);
  return names;
}

/** JSON lines unchanged, each refused past the record cap before a line reader buffers it. */
export async function* guardedLines(
  input: AsyncIterable<Buffer>,
  limits: BillingLimits,
  file: string,
): AsyncGenerator<Buffer> {
  let line = 1;
  let length = 0;
  for await (const chunk of input) {
    let from = 0;
    for (;;) {
      const newline = chunk.indexOf(LF, from);
      const end = newline < 0 ? chunk.length : newline;
      length += end - from;
      if (length > limits.maxRecordBytes)
        throw new BillingFileError(`line longer than ${limits.maxRecordBytes} bytes`, file, line, null);
      if (newline < 0) break;
      line += 1;
      length = 0;
      from = newline + 1;
    }
    yield chunk;
  }
}
