import { z } from "zod";
import type { CloudResourceRecord, CloudResourceSnapshot, SnapshotFacts } from "@/lib/cloud-inventory/schemas";
import { AwsTags, AwsText, IsoTime, MAX_INT, OptionalText, parseOutput, WholeNumber } from "./aws-json";
import { ec2Arn, type GivenScope, placeResource, refuseDuplicates } from "./resource-scope";

// `aws ec2 describe-snapshots --owner-ids self`: {Snapshots: [...]}. The output names no region.

const COMMAND = "ec2-describe-snapshots";

const Snapshot = z.object({
  SnapshotId: AwsText(64),
  VolumeId: OptionalText(64),
  VolumeSize: WholeNumber(0, MAX_INT).nullish(),
  StartTime: IsoTime,
  State: AwsText(32),
  OwnerId: OptionalText(32),
  Description: OptionalText(1024),
  StorageTier: OptionalText(32),
  Tags: AwsTags,
});

const Output = z.object({ Snapshots: z.array(Snapshot, { error: "must be an array of snapshots" }) });

export function parseEc2Snapshots(json: unknown, given: GivenScope): CloudResourceSnapshot {
  const output = parseOutput(COMMAND, Output, json);
  const items = output.Snapshots.map((snapshot, s) => {
    const path = ["Snapshots", s];
    const scope = placeResource(COMMAND, [...path, "OwnerId"], { region: null, account: snapshot.OwnerId }, given);
    const facts: SnapshotFacts = {
      volumeId: snapshot.VolumeId,
      volumeSizeGiB: snapshot.VolumeSize ?? null,
      startTime: snapshot.StartTime,
      description: snapshot.Description,
      storageTier: snapshot.StorageTier,
    };
    const record: CloudResourceRecord = {
      kind: "ebs-snapshot",
      resourceId: snapshot.SnapshotId,
      arn: ec2Arn(scope, "snapshot", snapshot.SnapshotId),
      ...scope,
      name: snapshot.Tags.Name ?? null,
      state: snapshot.State,
      stateSince: null,
      createdAt: snapshot.StartTime,
      tags: snapshot.Tags,
      facts,
    };
    return { record, path: [...path, "SnapshotId"] };
  });
  refuseDuplicates(COMMAND, items);
  return { kind: "ebs-snapshot", resources: items.map((item) => item.record) };
}
