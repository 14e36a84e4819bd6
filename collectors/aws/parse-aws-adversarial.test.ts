import { describe, expect, it } from "vitest";
import { VigilError } from "@/lib/errors";
import { fixture, withRaw } from "./aws-fixtures";
import { parseJson } from "./aws-json";
import { parseCloudwatchStatistics } from "./parse-cloudwatch-statistics";
import { parseEc2Addresses } from "./parse-ec2-addresses";
import { parseEc2Instances } from "./parse-ec2-instances";
import { parseEc2Snapshots } from "./parse-ec2-snapshots";
import { parseEc2Volumes } from "./parse-ec2-volumes";
import { parseElbv2LoadBalancers } from "./parse-elbv2-load-balancers";
import { parseRdsDbInstances } from "./parse-rds-db-instances";

// Every field Vigil reads, in every command, with hostile values: each is a 400 naming the JSON
// path as the CLI prints it, and the extremes a real output can hold are accepted.

const NONE = { region: null, account: null };
const METRIC = {
  namespace: "AWS/EC2",
  metric: "CPUUtilization",
  dimensionName: "InstanceId",
  dimensionValue: "i-1",
  period: null,
};

type Parse = (text: string) => unknown;
const COMMANDS: Record<string, { doc: () => unknown; parse: Parse }> = {
  instances: {
    doc: () => fixture("hand-made/ec2-describe-instances.json"),
    parse: (t) => parseEc2Instances(parseJson("x", t), NONE),
  },
  volumes: {
    doc: () => fixture("custodian-ebs-metrics-percent/ec2-describe-volumes.json"),
    parse: (t) => parseEc2Volumes(parseJson("x", t), NONE),
  },
  addresses: {
    doc: () => fixture("hand-made/ec2-describe-addresses.json"),
    parse: (t) => parseEc2Addresses(parseJson("x", t), NONE),
  },
  snapshots: {
    doc: () => fixture("hand-made/ec2-describe-snapshots.json"),
    parse: (t) => parseEc2Snapshots(parseJson("x", t), NONE),
  },
  lbs: {
    doc: () => fixture("hand-made/elbv2-describe-load-balancers.json"),
    parse: (t) => parseElbv2LoadBalancers(parseJson("x", t), NONE),
  },
  dbs: {
    doc: () => fixture("hand-made/rds-describe-db-instances.json"),
    parse: (t) => parseRdsDbInstances(parseJson("x", t), NONE),
  },
  metrics: {
    doc: () => fixture("custodian-ec2-metric/cloudwatch-get-metric-statistics.json"),
    parse: (t) => parseCloudwatchStatistics(parseJson("x", t), METRIC),
  },
};

const TEXT: [string, string | undefined, RegExp][] = [
  ["NUL", '"a\\u0000b"', /NUL/],
  ["lone surrogate", '"a\\ud800"', /lone surrogate/],
  ["10 KB", JSON.stringify("x".repeat(10_000)), /longer than/],
  ["a number", "42", /must be text, not a number/],
  ["an object", '{"a":1}', /must be text, not an object/],
];
const REQUIRED_TEXT: [string, string | undefined, RegExp][] = [
  ...TEXT,
  ["empty", '""', /must not be empty/],
  ["missing", undefined, /is required/],
  ["null", "null", /must be text, not null/],
];
const TIME: [string, string | undefined, RegExp][] = [
  ["malformed", '"2016-13-45T99:99:99Z"', /not an ISO 8601 time/],
  ["no zone", '"2016-06-24 20:22:50"', /not an ISO 8601 time/],
  ["a word", '"yesterday"', /not an ISO 8601 time/],
  ["NUL", '"2016-06-24T20:22:50\\u0000Z"', /not an ISO 8601 time/],
  ["epoch seconds", "1466799770", /must be an ISO 8601 time, not a number/],
  ["year 1", '"0001-01-01T00:00:00Z"', /not between 1970 and 9999/],
  ["an array", "[]", /must be an ISO 8601 time, not an array/],
];
const REQUIRED_TIME: typeof TIME = [...TIME, ["missing", undefined, /is required/], ["null", "null", /not null/]];
const WHOLE: [string, string | undefined, RegExp][] = [
  ["1e400", "1e400", /not a finite number/],
  ["-1", "-1", /below 0/],
  ["1.5", "1.5", /whole number/],
  ["text", '"100"', /must be a number, not a string/],
  ["2^31", "2147483648", /above 2147483647/],
  ["2^53+1", "9007199254740993", /above 2147483647/],
];
const FINITE: [string, string | undefined, RegExp][] = [
  ["1e400", "1e400", /not a finite number/],
  ["-1e400", "-1e400", /not a finite number/],
  ["text", '"0.5"', /must be a number, not a string/],
  ["an object", "{}", /must be a number, not an object/],
];

const I = ["Reservations", 0, "Instances", 0];
const FIELDS: [string, (string | number)[], typeof TEXT][] = [
  ["instances", [...I, "InstanceId"], REQUIRED_TEXT],
  ["instances", [...I, "InstanceType"], REQUIRED_TEXT],
  ["instances", [...I, "LaunchTime"], REQUIRED_TIME],
  ["instances", [...I, "State", "Name"], REQUIRED_TEXT],
  [
    "instances",
    [...I, "State", "Code"],
    [...WHOLE.filter(([label]) => !label.startsWith("2^")), ["70000", "70000", /above 65535/]],
  ],
  ["instances", [...I, "ImageId"], TEXT],
  ["instances", [...I, "StateTransitionReason"], TEXT],
  ["instances", [...I, "Placement", "AvailabilityZone"], TEXT],
  ["instances", [...I, "Tags", 0, "Key"], REQUIRED_TEXT],
  ["instances", [...I, "Tags", 0, "Value"], TEXT],
  ["instances", [...I, "BlockDeviceMappings", 0, "Ebs", "VolumeId"], TEXT],
  ["instances", ["Reservations", 0, "OwnerId"], TEXT],
  ["volumes", ["Volumes", 0, "VolumeId"], REQUIRED_TEXT],
  ["volumes", ["Volumes", 0, "VolumeType"], REQUIRED_TEXT],
  ["volumes", ["Volumes", 0, "State"], REQUIRED_TEXT],
  ["volumes", ["Volumes", 0, "Size"], [...WHOLE, ["missing", undefined, /is required/]]],
  ["volumes", ["Volumes", 0, "Iops"], WHOLE],
  ["volumes", ["Volumes", 0, "CreateTime"], TIME],
  ["volumes", ["Volumes", 0, "AvailabilityZone"], TEXT],
  ["addresses", ["Addresses", 0, "AllocationId"], TEXT],
  ["addresses", ["Addresses", 0, "PublicIp"], TEXT],
  ["addresses", ["Addresses", 0, "InstanceId"], TEXT],
  ["snapshots", ["Snapshots", 0, "SnapshotId"], REQUIRED_TEXT],
  ["snapshots", ["Snapshots", 0, "StartTime"], REQUIRED_TIME],
  ["snapshots", ["Snapshots", 0, "VolumeSize"], WHOLE],
  ["snapshots", ["Snapshots", 0, "OwnerId"], TEXT],
  [
    "lbs",
    ["LoadBalancers", 0, "LoadBalancerArn"],
    [...REQUIRED_TEXT.filter(([l]) => l !== "10 KB"), ["not an ARN", '"lb-1"', /not an ARN/]],
  ],
  ["lbs", ["LoadBalancers", 0, "LoadBalancerName"], REQUIRED_TEXT],
  ["lbs", ["LoadBalancers", 0, "Type"], REQUIRED_TEXT],
  ["lbs", ["LoadBalancers", 0, "CreatedTime"], TIME],
  ["lbs", ["LoadBalancers", 0, "State", "Code"], REQUIRED_TEXT],
  ["dbs", ["DBInstances", 0, "DBInstanceIdentifier"], REQUIRED_TEXT],
  ["dbs", ["DBInstances", 0, "DBInstanceClass"], REQUIRED_TEXT],
  ["dbs", ["DBInstances", 0, "Engine"], REQUIRED_TEXT],
  ["dbs", ["DBInstances", 0, "DBInstanceStatus"], REQUIRED_TEXT],
  ["dbs", ["DBInstances", 0, "InstanceCreateTime"], TIME],
  ["dbs", ["DBInstances", 0, "AllocatedStorage"], WHOLE],
  ["dbs", ["DBInstances", 0, "MultiAZ"], [["text", '"false"', /must be true or false/]]],
  ["dbs", ["DBInstances", 0, "TagList", 0, "Key"], REQUIRED_TEXT],
  ["metrics", ["Datapoints", 0, "Timestamp"], REQUIRED_TIME],
  ["metrics", ["Datapoints", 0, "Average"], FINITE],
  ["metrics", ["Datapoints", 0, "SampleCount"], [...FINITE, ["-1", "-1", /below 0/]]],
  ["metrics", ["Datapoints", 0, "Unit"], TEXT],
];

const jsonPathOf = (at: (string | number)[]) =>
  at.map((key, i) => (typeof key === "number" ? `[${key}]` : `${i ? "." : ""}${key}`)).join("");

function refusal(parse: Parse, text: string): VigilError {
  try {
    parse(text);
  } catch (err) {
    if (err instanceof VigilError) return err;
    throw err;
  }
  throw new Error("accepted");
}

describe("AWS CLI outputs: every field Vigil reads, hostile", () => {
  const cases = FIELDS.flatMap(([command, at, values]) =>
    values.map(
      ([label, raw, message]) => [`${command} ${jsonPathOf(at)} ${label}`, command, at, raw, message] as const,
    ),
  );

  it.each(cases)("%s: a 400 naming the JSON path", (_label, command, at, raw, message) => {
    const { doc, parse } = COMMANDS[command];
    const err = refusal(parse, withRaw(doc(), at, raw));
    expect(err.status).toBe(400);
    expect(err.details.field).toBe(jsonPathOf(at));
    expect(err.message).toMatch(message);
    expect(err.message).toContain(`: ${jsonPathOf(at)}: `);
  });

  it("the message reads as the issue asks: Reservations[0].Instances[3].LaunchTime: not an ISO 8601 time", () => {
    const doc = fixture("hand-made/ec2-describe-instances.json") as { Reservations: { Instances: unknown[] }[] };
    const one = doc.Reservations[0].Instances[0] as Record<string, unknown>;
    doc.Reservations[0].Instances = [0, 1, 2, 3].map((n) => ({ ...one, InstanceId: `i-${n}` }));
    const err = refusal(COMMANDS.instances.parse, withRaw(doc, [...I.slice(0, 3), 3, "LaunchTime"], '"soon"'));
    expect(err.message).toMatch(
      /^ec2-describe-instances: Reservations\[0\]\.Instances\[3\]\.LaunchTime: not an ISO 8601 time/,
    );
  });

  it.each([
    ["[]", /the output must be a JSON object, not an array/],
    ["null", /the output must be a JSON object, not null/],
    ['"text"', /the output must be a JSON object, not a string/],
    ["{}", /Reservations: must be an array of reservations/],
    ['{"Reservations":{}}', /Reservations: must be an array of reservations/],
    ['{"Reservations":[{"Instances":null}]}', /Reservations\[0\]\.Instances: must be an array/],
    ["", /not JSON/],
    ['{"Reservations": [}', /not JSON \(.* at line 1, column 19\)/],
  ])("the whole output %s is refused", (text, message) => {
    expect(refusal(COMMANDS.instances.parse, text).message).toMatch(message);
  });

  it("one resource twice in a file is refused at its second place", () => {
    const doc = fixture("hand-made/ec2-describe-instances.json") as { Reservations: unknown[] };
    doc.Reservations.push(structuredClone(doc.Reservations[0]));
    const err = refusal(COMMANDS.instances.parse, JSON.stringify(doc));
    expect(err.details.field).toBe("Reservations[1].Instances[0].InstanceId");
    expect(err.message).toMatch(
      /i-0a3f9c1d2b4e5f607 appears twice \(also at Reservations\[0\]\.Instances\[0\]\.InstanceId\)/,
    );
    const volumes = fixture("custodian-ebs-metrics-percent/ec2-describe-volumes.json") as { Volumes: unknown[] };
    volumes.Volumes.push(volumes.Volumes[0]);
    expect(refusal(COMMANDS.volumes.parse, JSON.stringify(volumes)).details.field).toBe("Volumes[1].VolumeId");
    const points = fixture("custodian-ebs-metrics-percent/cloudwatch-get-metric-statistics.json") as {
      Datapoints: unknown[];
    };
    points.Datapoints.push(points.Datapoints[1]);
    const metric = { ...METRIC, metric: "VolumeConsumedReadWriteOps" };
    const dup = refusal((t) => parseCloudwatchStatistics(parseJson("x", t), metric), JSON.stringify(points));
    expect(dup.details.field).toBe("Datapoints[3].Timestamp");
  });

  it("a tag key twice, an address with no id, a datapoint with no statistic, another metric's label", () => {
    const tags = '[{"Key":"team","Value":"a"},{"Key":"team","Value":"b"}]';
    expect(refusal(COMMANDS.instances.parse, withRaw(COMMANDS.instances.doc(), [...I, "Tags"], tags)).message).toMatch(
      /Reservations\[0\]\.Instances\[0\]\.Tags\[1\]\.Key: tag "team" appears twice/,
    );
    const noId = JSON.parse(withRaw(COMMANDS.addresses.doc(), ["Addresses", 1, "AllocationId"], undefined));
    delete noId.Addresses[1].PublicIp;
    expect(refusal(COMMANDS.addresses.parse, JSON.stringify(noId)).message).toMatch(
      /Addresses\[1\]\.AllocationId: is required \(or PublicIp\)/,
    );
    const empty = withRaw(COMMANDS.metrics.doc(), ["Datapoints", 0, "Average"], undefined);
    expect(refusal(COMMANDS.metrics.parse, empty).message).toMatch(/Datapoints\[0\]: has no statistic/);
    const label = withRaw(COMMANDS.metrics.doc(), ["Label"], '"NetworkIn"');
    expect(refusal(COMMANDS.metrics.parse, label).message).toMatch(
      /Label: NetworkIn is not the metric=CPUUtilization given/,
    );
  });

  it("a resource in another region or account than the caller said is refused", () => {
    const text = JSON.stringify(COMMANDS.instances.doc());
    const err = refusal((t) => parseEc2Instances(parseJson("x", t), { region: "us-east-1", account: null }), text);
    expect(err.message).toMatch(
      /Reservations\[0\]\.Instances\[0\]\.Placement: in region eu-west-1, not the region=us-east-1 given/,
    );
    const lb = JSON.stringify(COMMANDS.lbs.doc());
    const other = refusal(
      (t) => parseElbv2LoadBalancers(parseJson("x", t), { region: null, account: "999999999999" }),
      lb,
    );
    expect(other.message).toMatch(
      /LoadBalancers\[0\]\.LoadBalancerArn: in account 123456789012, not the account=999999999999 given/,
    );
  });

  it("accepts the extremes a real output can hold", () => {
    const volumes = COMMANDS.volumes.doc();
    for (const [at, raw] of [
      [["Volumes", 0, "Size"], "2147483647"],
      [["Volumes", 0, "Size"], "0"],
      [["Volumes", 0, "Iops"], "null"],
      [["Volumes", 0, "CreateTime"], '"1970-01-01T00:00:00Z"'],
      [["Volumes", 0, "CreateTime"], '"9999-12-31T23:59:59.999999+00:00"'],
      [["Volumes", 0, "Tags"], JSON.stringify([{ Key: "k".repeat(1024), Value: "v".repeat(4096) }])],
      [
        ["Volumes", 0, "Tags"],
        JSON.stringify([
          { Key: "empty", Value: "" },
          { Key: "emoji", Value: "🦆 ünïcode" },
        ]),
      ],
    ] as const)
      expect(() => COMMANDS.volumes.parse(withRaw(volumes, [...at], raw))).not.toThrow();
    for (const raw of ["1.7976931348623157e308", "-1.7976931348623157e308", "5e-324", "0", "-0"])
      expect(() =>
        COMMANDS.metrics.parse(withRaw(COMMANDS.metrics.doc(), ["Datapoints", 0, "Average"], raw)),
      ).not.toThrow();
    expect(COMMANDS.instances.parse('{"Reservations":[]}')).toEqual({ kind: "ec2-instance", resources: [] });
  });
});
