import { z } from "zod";
import type { CloudResourceRecord, CloudResourceSnapshot, VolumeFacts } from "@/lib/cloud-inventory/schemas";
import { AwsTags, AwsText, IsoTime, MAX_INT, OptionalText, parseOutput, WholeNumber } from "./aws-json";
import { ec2Arn, type GivenScope, placeResource, refuseDuplicates, regionOfZone } from "./resource-scope";

// `aws ec2 describe-volumes`: {Volumes: [...]}. The output names no account: pass ?account=.

const COMMAND = "ec2-describe-volumes";

const Volume = z.object({
  VolumeId: AwsText(64),
  Size: WholeNumber(0, MAX_INT),
  VolumeType: AwsText(32),
  State: AwsText(32),
  Iops: WholeNumber(0, MAX_INT).nullish(),
  Throughput: WholeNumber(0, MAX_INT).nullish(),
  AvailabilityZone: OptionalText(64),
  CreateTime: IsoTime.nullish(),
  SnapshotId: OptionalText(64),
  Attachments: z.array(z.object({ InstanceId: OptionalText(64) })).nullish(),
  Tags: AwsTags,
});

const Output = z.object({ Volumes: z.array(Volume, { error: "must be an array of volumes" }) });

export function parseEc2Volumes(json: unknown, given: GivenScope): CloudResourceSnapshot {
  const output = parseOutput(COMMAND, Output, json);
  const items = output.Volumes.map((volume, v) => {
    const path = ["Volumes", v];
    const scope = placeResource(
      COMMAND,
      [...path, "AvailabilityZone"],
      { region: regionOfZone(volume.AvailabilityZone), account: null },
      given,
    );
    const facts: VolumeFacts = {
      sizeGiB: volume.Size,
      volumeType: volume.VolumeType,
      iops: volume.Iops ?? null,
      throughput: volume.Throughput ?? null,
      attachedInstanceIds: (volume.Attachments ?? []).flatMap((a) => (a.InstanceId ? [a.InstanceId] : [])),
      snapshotId: volume.SnapshotId,
      createTime: volume.CreateTime ?? null,
    };
    const record: CloudResourceRecord = {
      kind: "ebs-volume",
      resourceId: volume.VolumeId,
      arn: ec2Arn(scope, "volume", volume.VolumeId),
      ...scope,
      name: volume.Tags.Name ?? null,
      state: volume.State,
      stateSince: null,
      createdAt: volume.CreateTime ?? null,
      tags: volume.Tags,
      facts,
    };
    return { record, path: [...path, "VolumeId"] };
  });
  refuseDuplicates(COMMAND, items);
  return { kind: "ebs-volume", resources: items.map((item) => item.record) };
}
