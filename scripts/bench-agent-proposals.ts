import { randomUUID } from "node:crypto";
import { seededRandom } from "@/test/seeded-random";
import { RESOURCES, type Estate } from "./bench-agent-load";

// 1,000 proposals as a model might answer: good ones and each kind of mistake, in a fixed mix
// (seeded, the same set every run) so the per-check rejection shares compare between runs.

const diffOf = (before: string[], after: string[]) =>
  `--- a/main.tf\n+++ b/main.tf\n@@ -1,${before.length} +1,${after.length} @@\n${[
    ...before.map((l) => `-${l}`),
    ...after.map((l) => `+${l}`),
  ].join("\n")}\n`;

const instance = (i: number, size: string, extra: string[] = [], ami = "ami-0abc") => [
  `resource "aws_instance" "r${i}" {`,
  `  ami           = "${ami}"`,
  `  instance_type = "${size}"`,
  ...extra,
  "}",
];

const refactor = (targets: string[], diff: string, saving?: string) => ({
  kind: "refactor",
  title: "Right-size",
  targets,
  patch: { format: "unified-diff", diff },
  rationale: "CPU under 5% for 30 days",
  evidenceIds: targets.map((t) => `resource:${t}`),
  risk: "low",
  rollback: "Revert",
  ...(saving ? { saving: { monthly: saving, currency: "USD", method: "half the bill" } } : {}),
});

function refactors(random: () => number): unknown {
  const i = Math.floor(random() * (RESOURCES / 5)) * 5; // an aws_instance
  const address = `aws_instance.r${i}`;
  const half = String((i % 97) + 1);
  const variant = Math.floor(random() * 9);
  const before = instance(i, "m5.2xlarge");
  switch (variant) {
    case 0:
    case 1:
      return refactor([address], diffOf(before, instance(i, "m5.xlarge")), half);
    case 2:
      return refactor([address], diffOf(before, instance(i, "m5.xlarge", ["  turbo_mode = true"])));
    case 3:
      return refactor([address], diffOf(before, instance(i, "m5.xlarge", [], "ami-0new")));
    case 4:
      return refactor(
        [address],
        diffOf(
          [...before, ...instance(i + 5, "t3.small")],
          [...instance(i, "m5.xlarge"), ...instance(i + 5, "t3.large")],
        ),
      );
    case 5:
      return refactor([address], diffOf(before, []));
    case 6: {
      const p = i + 4;
      const policy = (action: string) => [
        `resource "aws_iam_policy" "r${p}" {`,
        `  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "${action}", Resource = "*" }] })`,
        "}",
      ];
      return refactor([`aws_iam_policy.r${p}`], diffOf(policy("s3:GetObject"), policy("*")));
    }
    case 7:
      return refactor([address], diffOf(before, [`resource "aws_instance" "r${i}" {`, "  ami = ", "}"]));
    default:
      return refactor([address], diffOf(before, instance(i, "m5.xlarge")), String(Number(half) * 5));
  }
}

function teardown(random: () => number, estate: Estate): unknown {
  const pick = () => estate.findings[Math.floor(random() * estate.findings.length)];
  const ids = random() < 0.1 ? [randomUUID()] : [pick().id, ...(random() < 0.3 ? [pick().id] : [])];
  return {
    kind: "teardown",
    findingIds: ids,
    judgement: "An experiment that ended",
    evidenceIds: ids.map((id) => `zombie:${id}`),
  };
}

function attribution(random: () => number): unknown {
  const i = Math.floor(random() * RESOURCES);
  const mapping =
    random() < 0.5
      ? {
          type: "tag-rule",
          tagKey: "app",
          tagValue: `app-${i % 50}`,
          feature: random() < 0.1 ? "shared" : `feature-${i % 7}`,
        }
      : { type: "resource-feature", resourceIds: [`res-${i}`], feature: `feature-${i % 7}` };
  return { kind: "attribution", mapping, rationale: "Named after the feature", evidenceIds: [`bill:res-${i}`] };
}

function explanation(random: () => number, estate: Estate): unknown {
  const finding = estate.findings[Math.floor(random() * estate.findings.length)];
  const cite = random() < 0.15 ? "trace:ffffffffffffffffffffffffffffffff" : `resource:${finding.address}`;
  return {
    kind: "explanation",
    subject: `zombie:${finding.id}`,
    claims: [
      { text: "Detached for weeks.", citations: [`zombie:${finding.id}`] },
      { text: "Its owner left.", citations: random() < 0.5 ? [cite] : [] },
    ],
  };
}

export function generateProposals(count: number, estate: Estate): unknown[] {
  const random = seededRandom(20261207);
  return Array.from({ length: count }, () => {
    const roll = random();
    if (roll < 0.6) return refactors(random);
    if (roll < 0.75) return teardown(random, estate);
    if (roll < 0.9) return attribution(random);
    return explanation(random, estate);
  });
}
