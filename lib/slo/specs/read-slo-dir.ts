import { open, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { MAX_SPEC_BYTES, type Finding, type SpecResult } from "./findings";
import { resolveSpecs } from "./parse-specs";
import { fileFinding, loadSpecFile, type LoadedFile } from "./yaml-file";

// SLOs as code: every *.yaml / *.yml file of one folder (not its sub-folders, not hidden files) read
// as one set, so an SLO may name an SLI from a sibling file. A file that can not be read, is too big
// or does not parse is a finding and the other files are still read.

const MAX_SPEC_FILES = 1000;

export async function readSloDir(dir: string): Promise<SpecResult> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => /\.ya?ml$/i.test(name) && !name.startsWith(".")).sort();
  } catch (error) {
    return { slos: [], findings: [fileFinding(dir, `can not be read as a folder: ${(error as Error).message}`)] };
  }
  const findings: Finding[] = [];
  if (names.length > MAX_SPEC_FILES) {
    const skipped = names.slice(MAX_SPEC_FILES);
    findings.push(
      fileFinding(
        dir,
        `holds ${names.length} spec files; only the first ${MAX_SPEC_FILES} are read (${skipped[0]} and after are not)`,
      ),
    );
    names = names.slice(0, MAX_SPEC_FILES);
  }
  const files: LoadedFile[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const text = await readSpecFile(file);
    if (typeof text === "string") files.push(loadSpecFile(file, text));
    else findings.push(text);
  }
  const result = resolveSpecs(files);
  return { slos: result.slos, findings: [...findings, ...result.findings] };
}

/** The file's text, or a finding when it is not a regular file, is over the cap, or is not UTF-8. */
async function readSpecFile(file: string): Promise<string | Finding> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return fileFinding(file, "is not a regular file; not read");
    if (info.size > MAX_SPEC_BYTES)
      return fileFinding(file, `is ${info.size} bytes; spec files may be at most ${MAX_SPEC_BYTES}`);
    const handle = await open(file, "r");
    try {
      const buffer = Buffer.alloc(MAX_SPEC_BYTES + 1);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      if (bytesRead > MAX_SPEC_BYTES)
        return fileFinding(file, `is over ${MAX_SPEC_BYTES} bytes; spec files may be at most that`);
      return new TextDecoder("utf-8", { fatal: true }).decode(buffer.subarray(0, bytesRead));
    } finally {
      await handle.close();
    }
  } catch (error) {
    const message =
      error instanceof TypeError ? "is not valid UTF-8 text" : `can not be read: ${(error as Error).message}`;
    return fileFinding(file, message);
  }
}
