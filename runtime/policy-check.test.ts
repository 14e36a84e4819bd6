import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runPolicyCommand } from "./policy-check";

// `npm run vigil -- policy check plan.json` as a pipeline runs it: no database, exit code the verdict.

const dir = mkdtempSync(path.join(os.tmpdir(), "vigil-policy-check-"));
function planFile(name: string, resources: unknown[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify({ format_version: "1.2", planned_values: { root_module: { resources } } }));
  return file;
}
const state = JSON.parse(readFileSync("lib/policy/fixtures/driftctl-aws_lb_listener.tfstate", "utf8")) as {
  resources: { mode: string; type: string; name: string; instances: { attributes: unknown }[] }[];
};
const sample = state.resources
  .filter((r) => r.mode === "managed")
  .map((r) => ({ address: `${r.type}.${r.name}`, mode: "managed", type: r.type, values: r.instances[0].attributes }));

describe("vigil policy check", () => {
  it("exits 1 on the sample's plain-HTTP listener, one line per violation and a verdict line", async () => {
    const result = await runPolicyCommand(["check", planFile("sample.json", sample)]);
    expect(result.exitCode).toBe(1);
    expect(result.lines).toContainEqual(
      expect.stringMatching(/^FAIL high +tls-only-listeners +aws_lb_listener\.front_end: /),
    );
    expect(result.lines.at(-1)).toBe("policy: fail, 7 violation(s) over 6 resource(s)");
  });

  it("exits 0 when the failing rules are skipped", async () => {
    const file = planFile("skip.json", sample);
    const result = await runPolicyCommand(["check", file, "--skip", "tls-only-listeners", "--skip", "required-tags"]);
    expect(result).toMatchObject({ exitCode: 0, lines: ["policy: pass, 0 violation(s) over 6 resource(s)"] });
  });

  it.each([
    [["check"], /takes one plan file/],
    [["check", "a.json", "b.json"], /takes one plan file/],
    [["lint", "a.json"], /unknown command: policy lint/],
    [["check", path.join(dir, "missing.json")], /missing\.json: ENOENT/],
    [["check", "--unknown", "a.json"], /Unknown option/],
  ])("refuses %j", async (args, pattern) => {
    await expect(runPolicyCommand(args)).rejects.toThrow(pattern);
  });

  it("refuses a file that is not a plan, naming it", async () => {
    const file = path.join(dir, "state.json");
    writeFileSync(file, JSON.stringify({ version: 4, lineage: "x", serial: 1, resources: [] }));
    await expect(runPolicyCommand(["check", file])).rejects.toThrow(/state\.json: file: this is a Terraform state/);
  });
});
