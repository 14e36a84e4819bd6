import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// Each run starts Vigil on a data directory of its own in the temp dir (about 100 MB with the
// demo traces). Remove those of earlier runs whose Vigil is no longer running.
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export default function removeStaleDataDirs(): void {
  for (const name of fs.readdirSync(os.tmpdir())) {
    if (!name.startsWith("vigil-e2e-")) continue;
    const dir = path.join(os.tmpdir(), name);
    let pid = Number.NaN;
    try {
      pid = Number(fs.readFileSync(path.join(dir, "vigil.pid"), "utf8").split("\n")[0]);
    } catch {
      // no lock file: the run is over
    }
    if (Number.isInteger(pid) && pid > 0 && alive(pid)) continue;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
