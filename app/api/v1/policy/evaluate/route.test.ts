import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db";
import { bearerKey, callRoute } from "@/test/http-callers";

// The CI gate end to end: the real handler, real PostgreSQL (rule switches), a key as a pipeline has.

const ENTRY = { method: "POST", route: "/api/v1/policy/evaluate" } as const;
const STATE = path.join(process.cwd(), "lib/policy/fixtures/driftctl-aws_lb_listener.tfstate");

let iac: string;

/** The driftctl sample's managed resources as a plan's planned_values, as terraform show -json writes them. */
function samplePlan(): Record<string, unknown> {
  const state = JSON.parse(readFileSync(STATE, "utf8")) as {
    resources: { mode: string; type: string; name: string; instances: { attributes: unknown }[] }[];
  };
  const resources = state.resources.map((r) => ({
    address: `${r.mode === "data" ? "data." : ""}${r.type}.${r.name}`,
    mode: r.mode,
    type: r.type,
    name: r.name,
    provider_name: "registry.terraform.io/hashicorp/aws",
    schema_version: 0,
    values: r.instances[0].attributes,
    sensitive_values: {},
  }));
  return { format_version: "1.2", terraform_version: "1.9.8", planned_values: { root_module: { resources } } };
}

const post = (body: BodyInit, auth = iac, query = "") =>
  callRoute(ENTRY, { path: `${ENTRY.route}${query}`, headers: { authorization: auth }, body });

async function errorOf(body: BodyInit, query = ""): Promise<string> {
  const response = await post(body, iac, query);
  expect(response.status).toBe(400);
  return ((await response.json()) as { error: { message: string } }).error.message;
}

describe("POST /api/v1/policy/evaluate (PostgreSQL)", () => {
  beforeAll(async () => {
    iac = await bearerKey(["ingest:iac"]);
  });
  afterAll(closeDb);

  it("fails the driftctl sample's plan on its plain-HTTP listener, naming rule, address and controls", async () => {
    const response = await post(JSON.stringify(samplePlan()), iac, "?name=sample-plan.json");
    expect(response.status).toBe(200);
    const body = (await response.json()) as { verdict: string; violations: Record<string, unknown>[] };
    expect(body.verdict).toBe("fail");
    expect(body.violations).toContainEqual({
      ruleId: "tls-only-listeners",
      severity: "high",
      address: "aws_lb_listener.front_end",
      message: "aws_lb_listener.front_end: Load balancer listeners accept TLS only",
      controls: expect.arrayContaining(["PCI DSS 4.2.1"]),
    });
    expect(body.violations.some((v) => String(v.address).startsWith("data."))).toBe(false);
  });

  it("passes a compliant plan, read from resource_changes when planned_values is absent", async () => {
    const tags = { owner: "payments", environment: "prod", cost_centre: "cc-1" };
    const plan = {
      format_version: "1.0",
      resource_changes: [
        {
          address: "aws_ebs_volume.ok",
          mode: "managed",
          type: "aws_ebs_volume",
          name: "ok",
          change: { actions: ["create"], before: null, after: { encrypted: true, size: 10, tags, tags_all: tags } },
        },
        {
          address: "aws_ebs_volume.gone",
          mode: "managed",
          type: "aws_ebs_volume",
          name: "gone",
          change: { actions: ["delete"], before: { encrypted: false }, after: null },
        },
      ],
    };
    const response = await post(JSON.stringify(plan));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ verdict: "pass", violations: [], resources: 1 });
  });

  it("answers a 1,000-resource plan in under a second", async () => {
    const plan = samplePlan();
    const resources = Array.from({ length: 1000 }, (_, i) => ({
      address: `aws_security_group.sg${i}`,
      mode: "managed",
      type: "aws_security_group",
      name: `sg${i}`,
      values: {
        ingress: [{ cidr_blocks: ["0.0.0.0/0"], ipv6_cidr_blocks: [], from_port: 22, to_port: 22, protocol: "tcp" }],
        tags: {},
      },
    }));
    plan.planned_values = { root_module: { resources } };
    const started = performance.now();
    const response = await post(JSON.stringify(plan));
    const took = performance.now() - started;
    expect(response.status).toBe(200);
    const body = (await response.json()) as { violations: { ruleId: string }[] };
    expect(body.violations.filter((v) => v.ruleId === "no-admin-ingress-from-internet")).toHaveLength(1000);
    expect(took).toBeLessThan(1000);
  });

  it.each([
    [
      "truncated JSON",
      '{"format_version":"1.2","planned_values":{"root_module":{"resources":[',
      /plan\.json: not JSON \(.* at line 1, column \d+\)/,
    ],
    ["an empty body", "", /not JSON/],
    [
      "a wrong format_version",
      JSON.stringify({ format_version: "9.0", planned_values: { root_module: {} } }),
      /format_version: "9.0" is not a plan format/,
    ],
    ["no format_version", JSON.stringify({ planned_values: {} }), /format_version: is required/],
    [
      "a Terraform state",
      JSON.stringify({ version: 4, serial: 1, lineage: "x", resources: [] }),
      /file: this is a Terraform state/,
    ],
    [
      "a Checkov report",
      readFileSync("collectors/policy/fixtures/checkov.json", "utf8"),
      /file: this is a Checkov report/,
    ],
    ["a driftctl scan", JSON.stringify({ summary: {}, managed: [], unmanaged: [] }), /this is a driftctl scan/],
    ["a JSON array", "[1,2]", /plan: /],
    ["a plan with neither values nor changes", JSON.stringify({ format_version: "1.2" }), /planned_values: is missing/],
    [
      "a resource without a type",
      JSON.stringify({ format_version: "1.2", planned_values: { root_module: { resources: [{ address: "a" }] } } }),
      /planned_values\.root_module\.resources\.0\.type/,
    ],
  ])("refuses %s with a 400 naming where", async (_, body, pattern) => {
    expect(await errorOf(body)).toMatch(pattern);
  });

  it("refuses bytes that are not UTF-8, a NUL or 501 characters in the name, and modules nested too deep", async () => {
    expect(await errorOf(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))).toMatch(/not UTF-8/);
    expect(await errorOf("{}", "?name=a%00b")).toMatch(/name: contains a NUL/);
    expect(await errorOf("{}", `?name=${"n".repeat(501)}`)).toMatch(/name: longer than 500/);
    let nested: Record<string, unknown> = { resources: [] };
    for (let i = 0; i < 120; i++) nested = { resources: [], child_modules: [nested] };
    const deep = JSON.stringify({ format_version: "1.2", planned_values: { root_module: nested } });
    expect(await errorOf(deep)).toMatch(/nested deeper than 100/);
  });

  it("evaluates attribute values with NUL and lone surrogates without failing", async () => {
    const plan = {
      format_version: "1.2",
      planned_values: {
        root_module: {
          resources: [
            {
              address: "aws_ebs_volume.x",
              type: "aws_ebs_volume",
              values: { encrypted: false, name: "a\u0000\ud800" },
            },
          ],
        },
      },
    };
    const response = await post(JSON.stringify(plan));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ verdict: "fail" });
  });

  it("refuses a key without ingest:iac and a caller without a key", async () => {
    expect((await post("{}", await bearerKey(["read"]))).status).toBe(403);
    expect((await callRoute(ENTRY, { body: "{}" })).status).toBe(401);
  });
});
