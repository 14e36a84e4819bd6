import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { childProcessEnv } from "@/lib/env";
import { ConfigError } from "@/lib/errors";
import { fromRoot, PROJECT_ROOT } from "./paths";
import { runCommand } from "./run-command";

// What the web build is made of; a change to any of these makes `npm start` rebuild first.
const BUILD_INPUTS = [
  "app",
  "lib",
  "public",
  "next.config.js",
  "tsconfig.json",
  "package-lock.json",
  "prisma/schema.prisma",
];
const STAMP = fromRoot(".next", "vigil-build-inputs");

/** Fingerprint of the build inputs' paths, sizes and contents. */
function buildFingerprint(): string {
  const hash = createHash("sha256");
  const visit = (entry: string) => {
    const full = fromRoot(entry);
    const stat = fs.statSync(full, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(full).sort()) {
        if (name === "node_modules" || name.startsWith(".")) continue;
        if (/\.test\.tsx?$/.test(name)) continue;
        visit(path.join(entry, name));
      }
      return;
    }
    hash.update(entry).update("\0").update(fs.readFileSync(full));
  };
  BUILD_INPUTS.forEach(visit);
  return hash.digest("hex");
}

export function isBuildCurrent(): boolean {
  if (!fs.existsSync(fromRoot(".next", "BUILD_ID"))) return false;
  return fs.existsSync(STAMP) && fs.readFileSync(STAMP, "utf8") === buildFingerprint();
}

/** Generates the Prisma client and builds the Next.js app; the log goes to `logFile`. */
export async function buildApp(logFile: string): Promise<void> {
  const fingerprint = buildFingerprint();
  const env = childProcessEnv({ NEXT_TELEMETRY_DISABLED: "1" });
  const steps: [string, string, string[]][] = [
    ["prisma generate", "bash", [fromRoot("scripts", "prisma.sh"), "generate"]],
    ["next build", process.execPath, [fromRoot("node_modules", "next", "dist", "bin", "next"), "build"]],
  ];
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  for (const [name, command, args] of steps) {
    const { code, output } = await runCommand(command, args, env, PROJECT_ROOT);
    fs.appendFileSync(logFile, output);
    if (code !== 0) throw new ConfigError(`${name} failed; see ${logFile}`);
  }
  fs.writeFileSync(STAMP, fingerprint);
}
