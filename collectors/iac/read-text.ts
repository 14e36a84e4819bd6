import { createHash } from "node:crypto";
import { VigilError } from "@/lib/errors";

// A drift file's text, decoded as it arrives: never held whole, refused past its cap, and hashed
// so a file sent twice is known.

export const MAX_DRIFT_BYTES = 512 * 1024 * 1024;

export interface TextSource {
  chunks: AsyncIterable<string>;
  /** The SHA-256 of the bytes read, once the chunks are exhausted. */
  digest: () => string;
}

/** Decodes UTF-8 strictly (a file that is not text is refused) under the size cap. */
export function readText(file: string, body: string | AsyncIterable<Uint8Array>): TextSource {
  const hash = createHash("sha256");
  let digest: string | null = null;
  async function* chunks(): AsyncGenerator<string> {
    if (typeof body === "string") {
      if (Buffer.byteLength(body) > MAX_DRIFT_BYTES) throw tooLarge(file);
      hash.update(body);
      digest = hash.digest("hex");
      yield body;
      return;
    }
    const decoder = new TextDecoder("utf-8", { fatal: true });
    let bytes = 0;
    for await (const chunk of body) {
      bytes += chunk.length;
      if (bytes > MAX_DRIFT_BYTES) throw tooLarge(file);
      hash.update(chunk);
      yield decode(file, () => decoder.decode(chunk, { stream: true }), bytes - chunk.length);
    }
    yield decode(file, () => decoder.decode(), bytes);
    digest = hash.digest("hex");
  }
  return {
    chunks: chunks(),
    digest: () => {
      if (digest === null) throw new Error("readText: digest read before the text was");
      return digest;
    },
  };
}

function decode(file: string, run: () => string, offset: number): string {
  try {
    return run();
  } catch {
    throw new VigilError("bad_request", `${file}: not UTF-8 text (near byte ${offset})`, { file, byte: offset });
  }
}

function tooLarge(file: string): VigilError {
  return new VigilError(
    "payload_too_large",
    `${file}: drift files over ${MAX_DRIFT_BYTES / 1024 / 1024} MiB are not accepted`,
    {
      file,
      limitBytes: MAX_DRIFT_BYTES,
    },
  );
}
