import { describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { privateDatabaseForFile } from "@/test/private-database";
import { roleCtx } from "@/test/factories";
import { listZombies } from "@/lib/zombies/list-zombies";
import { evaluateMetricCondition } from "@/lib/zombies/rules/metric-condition";
import { loadEvidence, scanZombies } from "@/lib/zombies/scan-zombies";
import { metricCondition } from "@/lib/zombies/thresholds";
import { updateZombieSettings } from "@/lib/zombies/zombie-settings";
import { fixtureText } from "./aws-fixtures";
import { importAwsOutput } from "./import-aws-output";

// Cloud Custodian's two recorded cases (fixtures/NOTICE.md) through Vigil's own path: the AWS CLI
// outputs imported as a person would upload them, then the zombie scan and its evidence.

privateDatabaseForFile("custodian_zombies");
const ctx = systemCtx("test");
const finops = roleCtx("finops");

const upload = (command: string, file: string, query: Record<string, string> = {}) =>
  importAwsOutput(ctx, { command, query, body: fixtureText(file) });

describe("Cloud Custodian's recorded cases", () => {
  it("finds the one idle instance at CPUUtilization Average < 1.5 over 3 days, and none under a lower bar", async () => {
    await upload("ec2-describe-instances", "custodian-ec2-metric/ec2-describe-instances.json");
    await upload("cloudwatch-get-metric-statistics", "custodian-ec2-metric/cloudwatch-get-metric-statistics.json", {
      namespace: "AWS/EC2",
      metric: "CPUUtilization",
      dimension: "InstanceId=i-0cfbce719a3400834",
    });
    const now = new Date("2016-06-22T12:00:00Z");
    const idle = async (value: number) => {
      await updateZombieSettings(finops, { idleCompute: { custodian: { metric: "CPUUtilization", value, days: 3 } } });
      await scanZombies(ctx, now);
      return (await listZombies(finops, { rule: "idle-compute" })).items.map((f) => f.resourceId);
    };
    expect(await idle(1.5)).toEqual(["i-0cfbce719a3400834"]);
    expect(await idle(0.01)).toEqual([]);
  });

  it("matches the unattached volume with lt 50% of its provisioned IOPS and not with gt", async () => {
    await upload("ec2-describe-volumes", "custodian-ebs-metrics-percent/ec2-describe-volumes.json");
    await upload(
      "cloudwatch-get-metric-statistics",
      "custodian-ebs-metrics-percent/cloudwatch-get-metric-statistics.json",
      { namespace: "AWS/EBS", metric: "VolumeConsumedReadWriteOps", dimension: "VolumeId=vol-07197f6445e4e8681" },
    );
    const now = new Date("2017-01-11T08:00:00Z");
    const evidence = (await loadEvidence(ctx, new Date("2016-12-01T00:00:00Z"), now)).evidence.find(
      (e) => e.resource.resourceId === "vol-07197f6445e4e8681",
    )!;
    const policy = (op: "lt" | "gt") =>
      metricCondition.parse({
        metric: "VolumeConsumedReadWriteOps",
        statistic: "Maximum",
        op,
        value: 50,
        days: 1,
        percentAttr: "provisionedIops",
      });
    const run = (op: "lt" | "gt") =>
      evaluateMetricCondition(evidence.metrics, evidence.resource.facts, policy(op), now, []);
    expect(evidence.resource.facts.provisionedIops).toBe(5000);
    expect(run("lt")?.matched).toBe(true);
    expect(run("gt")?.matched).toBe(false);
    // Attached to nothing since it was created in 2017: the unambiguous rule finds it too.
    await updateZombieSettings(finops, {});
    await scanZombies(ctx, new Date());
    const volumes = await listZombies(finops, { rule: "unattached-volume" });
    expect(volumes.items.map((f) => f.resourceId)).toEqual(["vol-07197f6445e4e8681"]);
  });
});
