import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureText, withRaw } from "@/collectors/aws/aws-fixtures";
import { readCloudwatchDaily } from "@/lib/cloud-inventory/read-cloudwatch-daily";
import { closeDb } from "@/lib/db";
import { bearerKey } from "@/test/http-callers";
import { ctx, postOutput } from "./route-callers";

// CloudWatch get-metric-statistics through the AWS CLI import route, read back by day.

let iac: string;
const post = (command: string, body: BodyInit, query = "") => postOutput(command, body, query, iac);

describe("POST /api/v1/inventory/aws/cloudwatch-get-metric-statistics (PostgreSQL)", () => {
  beforeAll(async () => {
    iac = await bearerKey(["ingest:iac"]);
  });
  afterAll(closeDb);

  it("CloudWatch statistics: the Custodian CPU average by day; a later call's Maximum fills in the same datapoint", async () => {
    const instance = `i-${randomInt(1e9)}`;
    const query = `?namespace=AWS/EC2&metric=CPUUtilization&dimension=InstanceId=${instance}&period=259200`;
    const text = fixtureText("custodian-ec2-metric/cloudwatch-get-metric-statistics.json");
    const first = await post("cloudwatch-get-metric-statistics", text, query);
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ datapoints: 1, added: 1, period: 259_200, periodSource: "query" });
    const daily = () =>
      readCloudwatchDaily(ctx, {
        namespace: "AWS/EC2",
        metric: "CPUUtilization",
        from: "2016-06-18",
        to: "2016-06-25",
        dimensionValues: [instance],
      });
    expect((await daily()).items).toEqual([
      {
        dimensionName: "InstanceId",
        dimensionValue: instance,
        day: "2016-06-21",
        period: 259_200,
        datapoints: 1,
        average: 0.02857142857142857,
        sum: null,
        minimum: null,
        maximum: null,
        sampleCount: null,
        unit: "Percent",
      },
    ]);
    expect(await (await post("cloudwatch-get-metric-statistics", text, query)).json()).toMatchObject({
      added: 0,
      changed: 0,
    });
    const noAverage = JSON.parse(withRaw(JSON.parse(text), ["Datapoints", 0, "Average"], undefined));
    const maximum = withRaw(noAverage, ["Datapoints", 0, "Maximum"], "3.5");
    expect(await (await post("cloudwatch-get-metric-statistics", maximum, query)).json()).toMatchObject({
      added: 0,
      changed: 1,
    });
    expect((await daily()).items[0]).toMatchObject({ average: 0.02857142857142857, maximum: 3.5 });
  });

  it("CloudWatch extremes: the largest doubles are stored exactly; 1e400 is refused", async () => {
    const volume = `vol-${randomInt(1e9)}`;
    const query = `?namespace=AWS/EBS&metric=VolumeIdleTime&dimension=VolumeId=${volume}`;
    const body = JSON.stringify({
      Label: "VolumeIdleTime",
      Datapoints: [
        {
          Timestamp: "2026-01-01T00:00:00Z",
          Maximum: 1.7976931348623157e308,
          Minimum: -1.7976931348623157e308,
          Average: 5e-324,
          Sum: 0,
          SampleCount: 1,
          Unit: "Seconds",
        },
      ],
    });
    const response = await post("cloudwatch-get-metric-statistics", body, query);
    expect(response.status).toBe(201);
    const { items } = await readCloudwatchDaily(ctx, {
      namespace: "AWS/EBS",
      metric: "VolumeIdleTime",
      from: "2026-01-01",
      to: "2026-01-02",
      dimensionValues: [volume],
    });
    expect(items[0]).toMatchObject({
      maximum: 1.7976931348623157e308,
      minimum: -1.7976931348623157e308,
      average: 5e-324,
      period: 86_400,
    });
    const overflow = await post(
      "cloudwatch-get-metric-statistics",
      body.replace("1.7976931348623157e+308", "1e400"),
      query,
    );
    expect(overflow.status).toBe(400);
    expect((await overflow.json()).error.field).toBe("Datapoints[0].Maximum");
  });
});
