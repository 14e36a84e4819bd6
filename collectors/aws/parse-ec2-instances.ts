import { z } from "zod";
import type { CloudResourceRecord, CloudResourceSnapshot, InstanceFacts } from "@/lib/cloud-inventory/schemas";
import { AwsTags, AwsText, IsoTime, MAX_INT, OptionalText, parseOutput, WholeNumber } from "./aws-json";
import { ec2Arn, type GivenScope, placeResource, refuseDuplicates, regionOfZone } from "./resource-scope";

// `aws ec2 describe-instances`: {Reservations: [{OwnerId, Instances: [...]}]}.

const COMMAND = "ec2-describe-instances";

const Instance = z.object({
  InstanceId: AwsText(64),
  InstanceType: AwsText(64),
  ImageId: OptionalText(64),
  LaunchTime: IsoTime,
  State: z.object({ Name: AwsText(32), Code: WholeNumber(0, 65535).optional() }, { error: "is required" }),
  StateTransitionReason: OptionalText(1024),
  Placement: z.object({ AvailabilityZone: OptionalText(64) }).nullish(),
  PublicIpAddress: OptionalText(64),
  BlockDeviceMappings: z
    .array(z.object({ Ebs: z.object({ VolumeId: OptionalText(64) }).nullish() }))
    .max(MAX_INT)
    .nullish(),
  Tags: AwsTags,
});

const Output = z.object({
  Reservations: z.array(
    z.object({ OwnerId: OptionalText(32), Instances: z.array(Instance, { error: "must be an array" }) }),
    { error: "must be an array of reservations" },
  ),
});

// What Cloud Custodian's state-age reads: "User initiated (2016-06-24 20:22:50 GMT)".
const REASON_TIME = /\((\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) GMT\)/;

/** When the instance entered its state: the reason's time, else (running) its launch time. */
export function stateSinceOf(state: string, reason: string | null, launchTime: string): string | null {
  const match = reason ? REASON_TIME.exec(reason) : null;
  const at = match ? Date.parse(`${match[1]}T${match[2]}Z`) : Number.NaN;
  if (Number.isFinite(at)) return new Date(at).toISOString();
  return state === "running" ? launchTime : null;
}

export function parseEc2Instances(json: unknown, given: GivenScope): CloudResourceSnapshot {
  const output = parseOutput(COMMAND, Output, json);
  const items = output.Reservations.flatMap((reservation, r) =>
    reservation.Instances.map((instance, i) => {
      const path = ["Reservations", r, "Instances", i];
      const zone = instance.Placement?.AvailabilityZone;
      const scope = placeResource(
        COMMAND,
        [...path, "Placement"],
        { region: regionOfZone(zone), account: reservation.OwnerId },
        given,
      );
      const facts: InstanceFacts = {
        instanceType: instance.InstanceType,
        imageId: instance.ImageId,
        launchTime: instance.LaunchTime,
        stateReason: instance.StateTransitionReason,
        volumeIds: (instance.BlockDeviceMappings ?? []).flatMap((m) => (m.Ebs?.VolumeId ? [m.Ebs.VolumeId] : [])),
        publicIp: instance.PublicIpAddress,
      };
      const record: CloudResourceRecord = {
        kind: "ec2-instance",
        resourceId: instance.InstanceId,
        arn: ec2Arn(scope, "instance", instance.InstanceId),
        ...scope,
        name: instance.Tags.Name ?? null,
        state: instance.State.Name,
        stateSince: stateSinceOf(instance.State.Name, instance.StateTransitionReason, instance.LaunchTime),
        createdAt: instance.LaunchTime,
        tags: instance.Tags,
        facts,
      };
      return { record, path: [...path, "InstanceId"] };
    }),
  );
  refuseDuplicates(COMMAND, items);
  return { kind: "ec2-instance", resources: items.map((item) => item.record) };
}
