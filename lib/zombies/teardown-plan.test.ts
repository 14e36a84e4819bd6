import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Resource } from "@/lib/zombies/evidence";
import { NOW, resource } from "@/lib/zombies/rules/evidence-builders";
import { parseAddress, teardownPlan } from "@/lib/zombies/teardown-plan";
import { shellQuote } from "@/lib/zombies/teardown-script";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "vigil-teardown-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** A stand-in `aws` that records its argv (NUL-separated, one call per line) and answers as AWS does. */
const FAKE_AWS = `#!/usr/bin/env bash
for a in "$@"; do printf '%s\\0' "$a" >> "$AWS_LOG"; done
printf '\\036' >> "$AWS_LOG"
for a in "$@"; do
  if [ "$a" = "--dry-run" ]; then
    echo "An error occurred (\${FAKE_DRY_RUN_CODE:-DryRunOperation}) when calling the operation: dry run" >&2
    exit 254
  fi
done
echo '{}'
`;
fs.mkdirSync(path.join(work, "bin"));
fs.writeFileSync(path.join(work, "bin", "aws"), FAKE_AWS, { mode: 0o755 });

function run(script: string, env: Record<string, string> = {}) {
  const dir = fs.mkdtempSync(path.join(work, "run-"));
  const file = path.join(dir, "plan.sh");
  const log = path.join(dir, "aws.log");
  fs.writeFileSync(file, script);
  fs.writeFileSync(log, "");
  const result = spawnSync("bash", [file], {
    cwd: dir,
    encoding: "utf8",
    env: {
      PATH: `${path.join(work, "bin")}:${process.env.PATH}`,
      AWS_LOG: log,
      HOME: dir,
      NODE_ENV: "test",
      ...env,
    },
  });
  const calls = fs
    .readFileSync(log, "utf8")
    .split("\u001e")
    .filter(Boolean)
    .map((line) => line.split("\0").slice(0, -1));
  return { status: result.status, stderr: result.stderr, calls, files: fs.readdirSync(dir).sort() };
}

function script(r: Resource): string {
  const plan = teardownPlan(r, { now: NOW });
  if (plan.kind !== "aws-cli") throw new Error(`expected a script, got ${plan.kind}`);
  return plan.script;
}

const HOSTILE = [
  "vol-'; touch pwned; '",
  "$(touch pwned)",
  "`touch pwned`",
  "a b\tc",
  "line\ntouch pwned",
  '"quoted" \\ $HOME',
  "ü-😀-é",
];

describe("AWS CLI teardown script (unmanaged resources)", () => {
  it("dry-runs first and deletes only with CONFIRM set to the id", () => {
    const s = script(resource({ kind: "ebs-volume", resourceId: "vol-0123", region: "eu-west-1" }));
    expect(s).toContain("set -euo pipefail");
    const checked = run(s);
    expect(checked.status).toBe(0);
    expect(checked.stderr).toContain("Checked only");
    expect(checked.calls).toEqual([
      ["ec2", "delete-volume", "--region", "eu-west-1", "--volume-id", "vol-0123", "--dry-run"],
    ]);
    const wrong = run(s, { CONFIRM: "vol-9999" });
    expect(wrong.calls).toHaveLength(1);
    const confirmed = run(s, { CONFIRM: "vol-0123" });
    expect(confirmed.status).toBe(0);
    expect(confirmed.calls[1]).toEqual(["ec2", "delete-volume", "--region", "eu-west-1", "--volume-id", "vol-0123"]);
  });

  it("passes hostile ids as one exact argument and never runs them", () => {
    for (const id of HOSTILE) {
      const s = script(resource({ kind: "ebs-snapshot", resourceId: id, region: "us-east-1" }));
      for (const line of s.split("\n").filter((l) => l.startsWith("#"))) expect(line).not.toContain(id);
      const confirmed = run(s, { CONFIRM: id });
      expect(confirmed.files).not.toContain("pwned");
      expect(confirmed.calls[0]?.slice(0, 5)).toEqual([
        "ec2",
        "delete-snapshot",
        "--region",
        "us-east-1",
        "--snapshot-id",
      ]);
      expect(confirmed.calls[0][5]).toBe(id);
      expect(confirmed.calls[1]).toEqual(["ec2", "delete-snapshot", "--region", "us-east-1", "--snapshot-id", id]);
    }
  });

  it("stops when the dry run is refused, before any deletion", () => {
    const s = script(resource({ kind: "ec2-instance", resourceId: "i-1", region: "us-east-1" }));
    const refused = run(s, { FAKE_DRY_RUN_CODE: "UnauthorizedOperation", CONFIRM: "i-1" });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("dry run failed");
    expect(refused.calls).toEqual([
      ["ec2", "terminate-instances", "--region", "us-east-1", "--instance-ids", "i-1", "--dry-run"],
    ]);
  });

  it("releases an address by allocation id, or by public IP for a bare address", () => {
    expect(
      run(script(resource({ kind: "elastic-ip", resourceId: "eipalloc-1", region: "us-east-1" }))).calls[0],
    ).toContain("--allocation-id");
    expect(
      run(script(resource({ kind: "elastic-ip", resourceId: "203.0.113.7", region: "us-east-1" }))).calls[0],
    ).toContain("--public-ip");
  });

  it("describes instead of dry-running where the API has no DryRun (load balancer, RDS)", () => {
    const arn = "arn:aws:elasticloadbalancing:eu-central-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188";
    const lb = script(resource({ kind: "load-balancer", resourceId: "app/web/50dc", arn }));
    expect(lb).not.toContain("--dry-run");
    expect(run(lb).calls).toEqual([
      ["elbv2", "describe-load-balancers", "--region", "eu-central-1", "--load-balancer-arns", arn],
    ]);
    expect(run(lb, { CONFIRM: arn }).calls[1]).toEqual([
      "elbv2",
      "delete-load-balancer",
      "--region",
      "eu-central-1",
      "--load-balancer-arn",
      arn,
    ]);
    const db = script(resource({ kind: "rds-instance", resourceId: "orders", region: "us-east-1" }));
    const deleted = run(db, { CONFIRM: "orders" });
    expect(deleted.calls[0]).toEqual([
      "rds",
      "describe-db-instances",
      "--region",
      "us-east-1",
      "--db-instance-identifier",
      "orders",
    ]);
    expect(deleted.calls[1]).toEqual([
      "rds",
      "delete-db-instance",
      "--region",
      "us-east-1",
      "--db-instance-identifier",
      "orders",
      "--final-db-snapshot-identifier",
      "vigil-final-orders-20260315",
    ]);
  });

  it("with no known region it demands AWS_REGION and calls nothing", () => {
    const s = script(resource({ kind: "ebs-volume", resourceId: "vol-1", region: "not a region" }));
    const missing = run(s);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain("AWS_REGION");
    expect(missing.calls).toEqual([]);
    expect(run(s, { AWS_REGION: "ap-southeast-2" }).calls[0]).toContain("ap-southeast-2");
  });

  it("has no script for what it cannot delete safely", () => {
    expect(teardownPlan(resource({ kind: "service" }))).toMatchObject({ kind: "manual" });
    expect(teardownPlan(resource({ kind: "commitment" }))).toMatchObject({ kind: "manual" });
    expect(teardownPlan(resource({ kind: "load-balancer", resourceId: "web" }))).toMatchObject({
      kind: "manual",
      reason: expect.stringContaining("ARN"),
    });
    for (const resourceId of ["vol-\u0000", "vol-\ud83d", "", "v".repeat(2049)])
      expect(teardownPlan(resource({ kind: "ebs-volume", resourceId }))).toMatchObject({ kind: "manual" });
  });

  it("quotes like bash reads it back", () => {
    for (const id of HOSTILE)
      expect(execFileSync("bash", ["-c", `printf %s ${shellQuote(id)}`], { encoding: "utf8", cwd: work })).toBe(id);
    expect(fs.existsSync(path.join(work, "pwned"))).toBe(false);
  });
});

describe("Terraform teardown patch (managed resources)", () => {
  function applied(address: string) {
    const plan = teardownPlan(resource({ address }), { rule: "idle-compute" });
    if (plan.kind !== "terraform") throw new Error(`expected a patch, got ${plan.kind}`);
    const repo = fs.mkdtempSync(path.join(work, "repo-"));
    execFileSync("git", ["init", "-q", repo]);
    fs.writeFileSync(path.join(repo, "change.patch"), plan.patch);
    execFileSync("git", ["apply", "change.patch"], { cwd: repo });
    return { plan, file: fs.readFileSync(path.join(repo, "vigil-teardown.tf"), "utf8") };
  }

  it("adds a removed block with destroy = true that git applies", () => {
    const { plan, file } = applied("aws_instance.web");
    expect(file).toContain("removed {\n  from = aws_instance.web\n\n  lifecycle {\n    destroy = true\n  }\n}\n");
    expect(plan.commands).toContain("terraform plan -out=teardown.tfplan");
    expect(plan.expect).toEqual(["# aws_instance.web will be destroyed", "Plan: 0 to add, 0 to change, 1 to destroy."]);
    expect(plan.notes.join(" ")).toContain("1.7");
  });

  it("keeps module paths", () => {
    const { plan, file } = applied("module.network.module.edge.aws_eip.nat");
    expect(plan.removedFrom).toBe("module.network.module.edge.aws_eip.nat");
    expect(file).toContain("from = module.network.module.edge.aws_eip.nat\n");
    expect(plan.notes.join(" ")).toContain("module");
  });

  it("will not target one instance of a counted or for_each resource or module", () => {
    for (const address of ["aws_instance.web[0]", 'aws_instance.web["blue"]', 'module.app["eu"].aws_instance.web']) {
      const plan = teardownPlan(resource({ address }));
      expect(plan).toMatchObject({ kind: "manual", reason: expect.stringContaining("cannot name one instance") });
      if (plan.kind === "manual") expect(plan.notes[0]).toContain("for_each");
    }
  });

  it("refuses data sources and anything that is not an address", () => {
    expect(teardownPlan(resource({ address: "data.aws_ami.ubuntu" }))).toMatchObject({ kind: "manual" });
    for (const address of [
      "aws_instance",
      "aws_instance.web\nresource x",
      'aws_instance.web"]',
      "aws_instance.web[-1]",
      "x".repeat(2000),
    ])
      expect(teardownPlan(resource({ address }))).toMatchObject({ kind: "manual" });
  });

  it("parses quoted keys with dots and escapes", () => {
    expect(parseAddress('module.a["x.y"].aws_s3_bucket.b["k\\"q"]')).toEqual({
      from: "module.a.aws_s3_bucket.b",
      indexed: true,
      data: false,
    });
  });
});
