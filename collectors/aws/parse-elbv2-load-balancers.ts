import { z } from "zod";
import type { CloudResourceRecord, CloudResourceSnapshot, LoadBalancerFacts } from "@/lib/cloud-inventory/schemas";
import { AwsText, IsoTime, OptionalText, parseOutput } from "./aws-json";
import { arnScope, type GivenScope, placeResource, refuseDuplicates } from "./resource-scope";

// `aws elbv2 describe-load-balancers`: {LoadBalancers: [...]}, known by ARN. Tags are a separate
// call (describe-tags) and are not in this output.

const COMMAND = "elbv2-describe-load-balancers";

const LoadBalancer = z.object({
  LoadBalancerArn: AwsText(2048).refine((arn) => arn.startsWith("arn:"), "not an ARN"),
  LoadBalancerName: AwsText(255),
  Type: AwsText(32),
  Scheme: OptionalText(32),
  DNSName: OptionalText(512),
  CreatedTime: IsoTime.nullish(),
  VpcId: OptionalText(64),
  State: z.object({ Code: AwsText(32) }).nullish(),
});

const Output = z.object({ LoadBalancers: z.array(LoadBalancer, { error: "must be an array of load balancers" }) });

export function parseElbv2LoadBalancers(json: unknown, given: GivenScope): CloudResourceSnapshot {
  const output = parseOutput(COMMAND, Output, json);
  const items = output.LoadBalancers.map((lb, l) => {
    const path = ["LoadBalancers", l, "LoadBalancerArn"];
    const scope = placeResource(COMMAND, path, arnScope(lb.LoadBalancerArn), given);
    const facts: LoadBalancerFacts = {
      type: lb.Type,
      scheme: lb.Scheme,
      dnsName: lb.DNSName,
      createdTime: lb.CreatedTime ?? null,
      vpcId: lb.VpcId,
    };
    const record: CloudResourceRecord = {
      kind: "load-balancer",
      resourceId: lb.LoadBalancerArn,
      arn: lb.LoadBalancerArn,
      ...scope,
      name: lb.LoadBalancerName,
      state: lb.State?.Code ?? null,
      stateSince: null,
      createdAt: lb.CreatedTime ?? null,
      tags: {},
      facts,
    };
    return { record, path };
  });
  refuseDuplicates(COMMAND, items);
  return { kind: "load-balancer", resources: items.map((item) => item.record) };
}
