import Assembler from "stream-json/assembler.js";
import { getManyValues, isMany, none } from "stream-chain/defs.js";
import { jsonParser, type Token } from "stream-json/parser.js";
import { VigilError } from "@/lib/errors";
import { hasLoneSurrogate } from "@/lib/validation";

// One JSON document read token by token: only the parts asked for are assembled (a top-level
// array's elements one at a time, or a small top-level value), so a 100 MB plan is read in
// bounded memory. Errors name the file, the line and column, and the JSON path reached.

export const MAX_DEPTH = 64;
export const MAX_STRING = 1024 * 1024;
/** Fed to the tokenizer in pieces this size, so an error is placed within one. */
const PIECE = 4096;

export interface DocumentSpec {
  /** Top-level keys holding arrays: each element, once assembled, with its path. */
  elements: Record<string, (value: unknown, path: string) => void>;
  /** Top-level keys whose (small) value is kept whole. */
  values: readonly string[];
}

type Frame = { key: string | number | null };

class Reader {
  readonly kept: Record<string, unknown> = {};
  private readonly stack: Frame[] = [];
  private assembler: Assembler | null = null;
  private assemblingFrom = 0;
  private assemblingPath = "";
  started = false;
  line = 1;
  column = 1;

  constructor(
    readonly file: string,
    private readonly spec: DocumentSpec,
  ) {}

  path(): string {
    return this.stack
      .map((frame) => (typeof frame.key === "number" ? `[${frame.key}]` : frame.key === null ? "" : `.${frame.key}`))
      .join("")
      .replace(/^\./, "");
  }

  fail(why: string): never {
    const path = this.path();
    throw new VigilError(
      "bad_request",
      `${this.file}: near line ${this.line}, column ${this.column}${path ? `, at ${path}` : ""}: ${why}`,
      { file: this.file, line: this.line, column: this.column, path: path || null },
    );
  }

  token(token: Token): void {
    if (!this.started) {
      if (token.name !== "startObject") this.fail("the file is not a JSON object");
      this.started = true;
    }
    if (token.name === "keyValue" || token.name === "stringValue") this.checkText(token.value);
    if (this.assembler) this.assemble(token);
    else this.observe(token);
    this.track(token);
  }

  private checkText(value: string): void {
    if (value.length > MAX_STRING) this.fail(`a string longer than ${MAX_STRING} characters`);
    if (value.includes("\0")) this.fail("a string contains a NUL character");
    if (hasLoneSurrogate(value)) this.fail("a string contains a lone surrogate (not valid Unicode)");
  }

  /** Starts assembling when a wanted value begins. */
  private observe(token: Token): void {
    const depth = this.stack.length;
    const top = this.stack[0]?.key;
    const valueStart = token.name !== "keyValue" && !token.name.startsWith("end");
    if (!valueStart || typeof top !== "string") return;
    if (depth === 1 && top in this.spec.elements && token.name !== "startArray" && token.name !== "nullValue")
      this.fail("must be an array");
    const wanted = (depth === 1 && this.spec.values.includes(top)) || (depth === 2 && top in this.spec.elements);
    if (!wanted) return;
    this.assembler = new Assembler();
    this.assemblingFrom = depth;
    this.assemblingPath = depth === 2 ? `${top}[${this.stack[1].key}]` : top;
    this.assemble(token);
  }

  private assemble(token: Token): void {
    const assembler = this.assembler as Assembler;
    assembler.consume(token);
    if (!assembler.done) return;
    this.assembler = null;
    const top = this.stack[0].key as string;
    if (this.assemblingFrom === 1) this.kept[top] = assembler.current;
    else this.spec.elements[top](assembler.current, this.assemblingPath);
  }

  /** Keeps the path: containers push a frame, keys name it, values move an array's index on. */
  private track(token: Token): void {
    const frame = this.stack[this.stack.length - 1];
    switch (token.name) {
      case "startObject":
        this.stack.push({ key: null });
        return;
      case "startArray":
        this.stack.push({ key: 0 });
        return;
      case "keyValue":
        frame.key = token.value;
        return;
      case "endObject":
      case "endArray":
        this.stack.pop();
        this.next();
        return;
      case "stringValue":
      case "numberValue":
      case "nullValue":
      case "trueValue":
      case "falseValue":
        this.next();
    }
  }

  private next(): void {
    const frame = this.stack[this.stack.length - 1];
    if (frame && typeof frame.key === "number") frame.key += 1;
  }
}

function advance(reader: Reader, piece: string): void {
  const newline = piece.lastIndexOf("\n");
  if (newline < 0) reader.column += piece.length;
  else {
    for (let i = piece.indexOf("\n"); i >= 0; i = piece.indexOf("\n", i + 1)) reader.line += 1;
    reader.column = piece.length - newline;
  }
}

/** Reads a document, calling the spec's element handlers as it goes; returns the kept values. */
export async function readJsonDocument(
  chunks: AsyncIterable<string>,
  file: string,
  spec: DocumentSpec,
): Promise<Record<string, unknown>> {
  const reader = new Reader(file, spec);
  const tokenize = jsonParser({ streamValues: false, maxDepth: MAX_DEPTH, maxPackedLength: MAX_STRING });
  const feed = (piece: string | typeof none) => {
    let out: unknown;
    try {
      out = tokenize(piece as string);
    } catch (err) {
      reader.fail(parserProblem(err));
    }
    const tokens = isMany(out) ? (getManyValues(out) as Token[]) : out === none ? [] : [out as Token];
    for (const token of tokens) reader.token(token);
  };
  let blank = true;
  for await (const chunk of chunks) {
    // Pieces end at a newline too, so the line an error names is exact.
    for (let at = 0; at < chunk.length;) {
      const newline = chunk.indexOf("\n", at);
      const end = Math.min(at + PIECE, newline < 0 ? chunk.length : newline + 1);
      const piece = chunk.slice(at, end);
      blank &&= !/\S/.test(piece);
      feed(piece);
      advance(reader, piece);
      at = end;
    }
  }
  if (blank) reader.fail("the file is empty");
  feed(none);
  return reader.kept;
}

function parserProblem(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof RangeError && /depth/i.test(message)) return `nested deeper than ${MAX_DEPTH} levels`;
  if (err instanceof RangeError) return `a string or number longer than ${MAX_STRING} characters`;
  return `not valid JSON (${message.replace(/^Parser cannot parse input: /, "")})`;
}
