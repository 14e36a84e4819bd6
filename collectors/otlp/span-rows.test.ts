import fs from "node:fs";
import path from "node:path";
import asc from "assemblyscript/asc";
import { describe, expect, it } from "vitest";
import { spanRows } from "./span-rows";

const dir = path.join(import.meta.dirname, "assembly");

describe("the WebAssembly span writer", () => {
  it("is built from its source: compiling assembly/span-rows.ts gives the committed span-rows.wasm", async () => {
    const args = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "..", "..", "package.json"), "utf8"))
      .scripts["build:wasm"].split(" ")
      .slice(1) as string[];
    const outFile = args[args.indexOf("--outFile") + 1];
    let built: Uint8Array | undefined;
    const result = await asc.main(args, {
      writeFile: (name, contents) => {
        if (path.basename(name) === path.basename(outFile)) built = contents as Uint8Array;
      },
    });
    expect(result.error).toBeNull();
    expect(built).toBeDefined();
    // If this fails, run `npm run build:wasm` and commit span-rows.wasm with its source.
    expect(Buffer.from(built as Uint8Array).equals(fs.readFileSync(path.join(dir, "span-rows.wasm")))).toBe(true);
  }, 60_000);

  it("loads in the receiver's process", () => {
    expect(spanRows()).not.toBeNull();
  });
});
