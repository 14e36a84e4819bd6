import { z } from "zod";
import type { CloudResourceRecord, CloudResourceSnapshot, ElasticIpFacts } from "@/lib/cloud-inventory/schemas";
import { AwsTags, OptionalText, outputProblem, parseOutput } from "./aws-json";
import { ec2Arn, type GivenScope, placeResource, refuseDuplicates } from "./resource-scope";

// `aws ec2 describe-addresses`: {Addresses: [...]}. An address is known by its allocation id
// (EC2-Classic ones only by their public IP); its state is whether it is associated.

const COMMAND = "ec2-describe-addresses";

const Address = z.object({
  PublicIp: OptionalText(64),
  AllocationId: OptionalText(64),
  AssociationId: OptionalText(64),
  InstanceId: OptionalText(64),
  NetworkInterfaceId: OptionalText(64),
  NetworkInterfaceOwnerId: OptionalText(32),
  Domain: OptionalText(16),
  NetworkBorderGroup: OptionalText(64),
  Tags: AwsTags,
});

const Output = z.object({ Addresses: z.array(Address, { error: "must be an array of addresses" }) });

export function parseEc2Addresses(json: unknown, given: GivenScope): CloudResourceSnapshot {
  const output = parseOutput(COMMAND, Output, json);
  const items = output.Addresses.map((address, a) => {
    const path = ["Addresses", a];
    const id = address.AllocationId ?? address.PublicIp;
    if (!id) throw outputProblem(COMMAND, [...path, "AllocationId"], "is required (or PublicIp)");
    // The border group of a regional address is its region; a Local Zone's is not one.
    const border = address.NetworkBorderGroup;
    const own = {
      region: border && /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+$/.test(border) ? border : null,
      account: null,
    };
    const scope = placeResource(COMMAND, [...path, "NetworkBorderGroup"], own, given);
    const associated = Boolean(address.AssociationId ?? address.InstanceId ?? address.NetworkInterfaceId);
    const facts: ElasticIpFacts = {
      publicIp: address.PublicIp,
      allocationId: address.AllocationId,
      associationId: address.AssociationId,
      instanceId: address.InstanceId,
      networkInterfaceId: address.NetworkInterfaceId,
      domain: address.Domain,
    };
    const record: CloudResourceRecord = {
      kind: "elastic-ip",
      resourceId: id,
      arn: address.AllocationId ? ec2Arn(scope, "elastic-ip", address.AllocationId) : null,
      ...scope,
      name: address.Tags.Name ?? null,
      state: associated ? "associated" : "unassociated",
      stateSince: null,
      createdAt: null,
      tags: address.Tags,
      facts,
    };
    return { record, path: [...path, address.AllocationId ? "AllocationId" : "PublicIp"] };
  });
  refuseDuplicates(COMMAND, items);
  return { kind: "elastic-ip", resources: items.map((item) => item.record) };
}
