import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { generateProposals } from "@/lib/proposals/generate-proposals";
import { listProposals } from "@/lib/proposals/list-proposals";
import type { ProposalListItem } from "@/lib/proposals/types";
import { AS_OF, type AgentWorld, diffOf, instance, refactorOf, seedWorld } from "@/test/agent-proposals";
import { roleCtx } from "@/test/factories";
import { type FakeLlm, type FakeReply, startFakeLlm } from "@/test/fake-llm";
import { privateDatabaseForFile } from "@/test/private-database";
import { agentProposalRunner } from "./propose";

// The model's proposals through the scripted endpoint: each is stored with the validator's verdict,
// so a good one is valid and a hallucinated type, a hidden replace or an out-of-scope address are
// kept rejected with their reasons; a malformed answer or a run out of time is kept as one
// rejected record saying why.

privateDatabaseForFile("proposals_llm");
const sre = roleCtx("sre");
let world: AgentWorld;
const servers: FakeLlm[] = [];

beforeAll(async () => {
  world = await seedWorld();
}, 60_000);

afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

async function generate(replies: FakeReply[], timeoutMs?: number) {
  const llm = await startFakeLlm(replies);
  servers.push(llm);
  const runner = agentProposalRunner({
    llm: { baseUrl: llm.baseUrl, model: "scripted-model", apiKey: null },
    budgets: timeoutMs ? { timeoutMs } : undefined,
  });
  const result = await generateProposals(sre, { asOf: AS_OF, runner });
  const { rows } = await pool().query<{ id: string }>("SELECT id FROM agent_proposal WHERE run_id = $1", [
    result.runId,
  ]);
  const all = (await listProposals(sre, { source: "llm", limit: 100 })).items;
  return { llm, result, stored: all.filter((item) => rows.some((row) => row.id === item.id)) };
}

const failedChecks = (item: ProposalListItem) => item.checks.filter((c) => !c.passed).map((c) => c.name);

describe("the model's proposals", () => {
  it("stores a good one valid and the bad ones rejected, each with its reasons", async () => {
    const web = world.address.web;
    const name = web.split(".")[1];
    const proposals = [
      {
        kind: "teardown",
        findingIds: [world.findings.open],
        judgement: "The volume has been detached since the March migration.",
        evidenceIds: [`zombie:${world.findings.open}`],
      },
      refactorOf([web], diffOf(instance(web, "t3.large"), [`resource "aws_ec2_smart_instance" "${name}" {`, "}"]), {
        title: "Hallucinated type",
      }),
      refactorOf([web], diffOf(instance(web, "t3.large"), instance(web, "t3.medium", [], "ami-0new")), {
        title: "Hidden replace",
      }),
      refactorOf(
        [web],
        diffOf(
          [...instance(web, "t3.large"), ...instance(world.address.doomed, "t3.small")],
          [...instance(web, "t3.medium"), ...instance(world.address.doomed, "t3.2xlarge")],
        ),
        { title: "Out of scope" },
      ),
    ];
    const { llm, result, stored } = await generate([
      { toolCalls: [{ name: "list_zombie_findings", arguments: {} }] },
      { content: JSON.stringify({ proposals }) },
    ]);
    expect(llm.requests[0].response_format?.json_schema?.name).toBe("vigil_proposals");
    expect(result).toMatchObject({ source: "llm", stored: 4, valid: 1, rejected: 3 });
    const byTitle = Object.fromEntries(stored.map((item) => [item.title, item]));
    expect(byTitle["Tear down 1 idle resource"]).toMatchObject({ status: "valid", model: "scripted-model" });
    expect(byTitle["Hallucinated type"].status).toBe("rejected");
    expect(failedChecks(byTitle["Hallucinated type"])).toContain("provider-schema");
    expect(failedChecks(byTitle["Hidden replace"])).toEqual(["no-destroy"]);
    expect(failedChecks(byTitle["Out of scope"])).toEqual(["in-scope"]);
    expect(byTitle["Out of scope"].checks.find((c) => c.name === "in-scope")?.detail).toBe(
      `${world.address.doomed} is changed but not a target`,
    );
  });

  it("keeps a malformed answer rejected, saying why", async () => {
    const { result, stored } = await generate([{ content: '{"proposals": [{"kind": "teardown"' }]);
    expect(result).toMatchObject({ source: "llm", stored: 1, rejected: 1 });
    expect(stored[0]).toMatchObject({ status: "rejected", model: "scripted-model" });
    expect(stored[0].checks).toEqual([
      { name: "answer", passed: false, detail: "malformed_answer: the answer is not valid JSON" },
    ]);
    const wrongShape = await generate([{ content: JSON.stringify({ proposals: [{ kind: "rm -rf" }] }) }]);
    expect(wrongShape.stored[0].checks[0].detail).toMatch(/^malformed_answer: the answer does not match the schema/);
  });

  it("keeps a run that ran out of time rejected", async () => {
    const { result, stored } = await generate([{ hang: true }], 400);
    expect(result).toMatchObject({ source: "llm", rejected: 1 });
    expect(stored[0].checks).toEqual([
      { name: "answer", passed: false, detail: "timeout: the run took longer than its time budget" },
    ]);
  });

  it("falls back to the templates without a model", async () => {
    const result = await generateProposals(sre, { asOf: AS_OF, runner: agentProposalRunner({ llm: null }) });
    expect(result).toMatchObject({ source: "rule-based", runId: null });
  });
});
