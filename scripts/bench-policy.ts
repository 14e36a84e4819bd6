import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { POST as evaluate } from "@/app/api/v1/policy/evaluate/route";
import { createApiKey } from "@/lib/access/api-keys";
import { systemCtx } from "@/lib/context";
import { publicUrl } from "@/lib/env";
import { builtinRules } from "@/lib/policy/builtin-pack";
import { evaluateRules } from "@/lib/policy/evaluate-rules";
import { toPolicyResource } from "@/lib/policy/policy-resource";
import { timedP95 } from "./bench-timing";
import { runWithThrowawayDatabase } from "./throwaway-database";

// `npm run bench:policy`: the built-in pack over 100,000 generated resources (target < 10 s), and
// the p95 of a 1,000-resource plan through the evaluate route's handler with an API key (< 1 s).
// The 100 MB plan import is the drift import's (scripts/bench-drift-import.ts), joined when present.

const TAGS = { owner: "team", environment: "prod", cost_centre: "cc" };
const ingress = (cidr: string, port: number) => [
  { cidr_blocks: [cidr], ipv6_cidr_blocks: [], from_port: port, to_port: port, protocol: "tcp", self: false },
];
const SHAPES: [string, (i: number) => Record<string, unknown>][] = [
  [
    "aws_s3_bucket",
    (i) => ({
      bucket: `b${i}`,
      acl: "private",
      versioning: [{ enabled: i % 3 !== 0 }],
      logging: [],
      tags: TAGS,
      tags_all: TAGS,
    }),
  ],
  [
    "aws_ebs_volume",
    (i) => ({ availability_zone: "eu-west-1a", encrypted: i % 5 !== 0, size: 100, tags: TAGS, tags_all: TAGS }),
  ],
  [
    "aws_db_instance",
    (i) => ({ storage_encrypted: true, publicly_accessible: i % 50 === 0, backup_retention_period: i % 7, tags: TAGS }),
  ],
  [
    "aws_security_group",
    (i) => ({ ingress: ingress(i % 10 ? "10.0.0.0/8" : "0.0.0.0/0", i % 2 ? 22 : 443), tags: {} }),
  ],
  [
    "aws_lb_listener",
    (i) => ({ port: 443, protocol: i % 4 ? "HTTPS" : "HTTP", default_action: [{ type: "forward" }], tags: TAGS }),
  ],
  ["aws_instance", (i) => ({ instance_type: "m5.large", availability_zone: "eu-west-1b", tags: i % 2 ? TAGS : {} })],
];

function generate(count: number, prefix = "") {
  return Array.from({ length: count }, (_, i) => {
    const [type, shape] = SHAPES[i % SHAPES.length];
    return { type, address: `${prefix}${type}.r${i}`, values: shape(i) };
  });
}

function estate(): number {
  const resources = generate(100_000).map((r) => toPolicyResource(r.type, r.address, r.values));
  const started = performance.now();
  const result = evaluateRules(builtinRules(), resources);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `estate: ${resources.length.toLocaleString("en-US")} resources, ${result.violations.length.toLocaleString("en-US")} violations in ${seconds.toFixed(2)} s`,
  );
  return seconds;
}

async function plan(): Promise<number> {
  const { key } = await createApiKey(systemCtx("bench"), { name: "bench-policy", scopes: ["ingest:iac"] });
  const resources = generate(1_000).map((r) => ({ ...r, mode: "managed", name: r.address.split(".")[1] }));
  const body = JSON.stringify({ format_version: "1.2", planned_values: { root_module: { resources } } });
  console.log(`plan: ${(body.length / 1024).toFixed(0)} KiB, ${resources.length} resources`);
  return timedP95(
    "plan through POST /api/v1/policy/evaluate",
    async () => {
      const request = new Request(new URL("/api/v1/policy/evaluate", publicUrl()), {
        method: "POST",
        headers: { authorization: `Bearer ${key}` },
        body,
      });
      const response = await evaluate(request, { params: Promise.resolve({}) });
      if (response.status !== 200) throw new Error(`evaluate answered ${response.status}: ${await response.text()}`);
      await response.json();
    },
    20,
    44,
  );
}

function driftImport(): string {
  const script = "scripts/bench-drift-import.ts";
  if (!existsSync(script)) return "import - s, rss - MB";
  const run = spawnSync(process.execPath, ["--import", "tsx", script], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  process.stdout.write(run.stdout);
  const found = /import:? ([\d.]+) s, rss (\d+) MB/.exec(run.stdout);
  return found ? `import ${found[1]} s, rss ${found[2]} MB` : "import - s, rss - MB";
}

runWithThrowawayDatabase("bench-policy", async () => {
  const seconds = estate();
  const p95 = await plan();
  console.log(`policy: estate ${seconds.toFixed(1)} s, plan ${p95.toFixed(0)} ms, ${driftImport()}`);
});
