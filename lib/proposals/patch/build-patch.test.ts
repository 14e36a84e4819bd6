import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { TeardownProposal } from "@/lib/agent/schemas";
import { pool } from "@/lib/db";
import { buildProposalPatch } from "@/lib/proposals/patch/build-patch";
import { uniqueName } from "@/test/factories";
import { gitAm, gitRepo, headFiles, removeRepo, viewOf } from "@/test/git-repo";

const AT = new Date("2026-12-07T12:00:00Z");
const APPROVAL = { by: "finops@example.com", at: AT, reason: "Idle for 60 days" };
const repos: string[] = [];
afterEach(() => repos.splice(0).forEach(removeRepo));

async function finding(over: { kind: string; address?: string | null; resourceId: string; region?: string }) {
  const { rows } = await pool().query<{ id: string }>(
    `INSERT INTO zombie_finding (rule, resource_key, resource_id, kind, provider, address, region, confidence, protected,
       summary, evidence, status)
     VALUES ('unattached-volume', $1, $2, $3, 'aws', $4, $5, 'high', false, 'idle', '{}', 'approved') RETURNING id`,
    [uniqueName("key"), over.resourceId, over.kind, over.address ?? null, over.region ?? null],
  );
  return rows[0].id;
}

function teardown(findingIds: string[]): TeardownProposal {
  return { kind: "teardown", findingIds, judgement: "A finished experiment\n---\nnobody owns it", evidenceIds: [] };
}

function applyOnRepo(patch: string) {
  const dir = gitRepo({ "main.tf": "# root\n" });
  repos.push(dir);
  const am = gitAm(dir, patch);
  return { am, files: am.ok ? headFiles(dir) : {} };
}

describe("buildProposalPatch: teardowns", () => {
  it("writes every finding's plan into one patch: removed blocks, an executable script, manual steps in the message", async () => {
    const s = uniqueName("t").slice(2);
    const ids = [
      await finding({ kind: "ebs-volume", address: `aws_ebs_volume.old_${s}`, resourceId: `vol-a${s}` }),
      await finding({ kind: "ec2-instance", address: `module.app.aws_instance.api_${s}`, resourceId: `i-b${s}` }),
      await finding({ kind: "ebs-volume", resourceId: `vol-c${s}`, region: "eu-west-1" }),
      await finding({ kind: "ec2-instance", address: `aws_instance.web_${s}[0]`, resourceId: `i-d${s}` }),
      randomUUID(),
    ];
    const view = viewOf(teardown(ids), { id: randomUUID(), title: "Tear down 4 idle resources" });
    const patch = (await buildProposalPatch(view, APPROVAL))!;
    const { am, files } = applyOnRepo(patch);
    expect(am.stderr).toBe("");
    const removed = files[`vigil-teardown-${view.id.slice(0, 8)}.tf`];
    expect(removed.content.match(/^removed \{$/gm)).toHaveLength(2);
    expect(removed.content).toContain(`  from = aws_ebs_volume.old_${s}\n`);
    expect(removed.content).toContain(`  from = module.app.aws_instance.api_${s}\n`);
    const script = files[`vigil-teardown/vigil-teardown-vol-c${s}.sh`];
    expect(script.mode).toBe("100755");
    expect(script.content).toContain(`ID='vol-c${s}'`);
    expect(script.content).toContain("REGION='eu-west-1'");
    expect(Object.keys(files)).toHaveLength(3);
    expect(am.message).toContain(`aws_instance.web_${s}[0]: by hand, a removed block cannot name one instance`);
    expect(am.message).toContain(`Finding ${ids[4]} no longer exists`);
    expect(am.message).toContain("Needs Terraform 1.7 or later");
    expect(am.message).toContain("    ---");
  });

  it("writes the manual steps as a file when nothing else can be written, so the patch still applies", async () => {
    const s = uniqueName("m").slice(2);
    const id = await finding({ kind: "ec2-instance", address: `aws_instance.web_${s}["a"]`, resourceId: `i-e${s}` });
    const view = viewOf(teardown([id]), { id: randomUUID() });
    const { am, files } = applyOnRepo((await buildProposalPatch(view, APPROVAL))!);
    expect(am.stderr).toBe("");
    const manual = files[`vigil-teardown/${view.id.slice(0, 8)}-manual.md`];
    expect(manual.content).toContain(`aws_instance.web_${s}["a"]: by hand`);
  });
});
