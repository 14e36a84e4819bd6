// The output of the protobuf hot path (wire-copy.ts): PostgreSQL COPY text written into one
// growing buffer, request bytes copied in as they are when they need no escaping.

import { field, jsonbSafe } from "@/lib/copy-text";

export const TAB = 9;
export const NEWLINE = 10;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** A growing output buffer of COPY text. */
export class CopyWriter {
  buf: Buffer;
  length = 0;
  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(Math.max(size, 4096));
  }

  private room(bytes: number): void {
    if (this.length + bytes <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + bytes));
    this.buf.copy(grown, 0, 0, this.length);
    this.buf = grown;
  }

  byte(value: number): void {
    this.room(1);
    this.buf[this.length++] = value;
  }

  /** ASCII text already in COPY form (times, numbers, hex): no UTF-8 encoder call. */
  ascii(value: string): void {
    this.room(value.length);
    const buf = this.buf;
    let at = this.length;
    for (let i = 0; i < value.length; i++) buf[at++] = value.charCodeAt(i);
    this.length = at;
  }

  /** Text already in COPY form. */
  text(value: string): void {
    this.room(value.length * 3);
    this.length += this.buf.write(value, this.length, "utf8");
  }

  copy(source: Buffer, start: number, end: number): void {
    this.room(end - start);
    if (end - start > 48) {
      this.length += source.copy(this.buf, this.length, start, end);
      return;
    }
    // Short runs: a loop beats the native call.
    const buf = this.buf;
    let at = this.length;
    for (let i = start; i < end; i++) buf[at++] = source[i];
    this.length = at;
  }

  /** Request bytes as a COPY text field, copied when they are printable ASCII without backslashes. */
  field(source: Buffer, start: number, end: number): void {
    for (let i = start; i < end; i++) {
      const b = source[i];
      if (b < 0x20 || b > 0x7e || b === BACKSLASH) return this.text(field(source.toString("utf8", start, end)));
    }
    this.copy(source, start, end);
  }

  /** Request bytes as a JSON string inside a COPY field. */
  jsonString(source: Buffer, start: number, end: number): void {
    for (let i = start; i < end; i++) {
      const b = source[i];
      if (b < 0x20 || b > 0x7e || b === BACKSLASH || b === QUOTE)
        return this.text(field(jsonbSafe(JSON.stringify(source.toString("utf8", start, end)))));
    }
    this.byte(QUOTE);
    this.copy(source, start, end);
    this.byte(QUOTE);
  }
}
