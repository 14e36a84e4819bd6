import type { Ctx } from "@/lib/context";
import { type ImportCloudResourcesResult, importCloudResources } from "@/lib/cloud-inventory/import-cloud-resources";
import {
  type ImportCloudwatchResult,
  importCloudwatchStatistics,
} from "@/lib/cloud-inventory/import-cloudwatch-statistics";
import {
  AWS_COMMANDS,
  type AwsCommand,
  AwsImportQuery,
  type CloudResourceSnapshot,
} from "@/lib/cloud-inventory/schemas";
import { VigilError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { outputText, parseJson } from "./aws-json";
import { parseCloudwatchStatistics } from "./parse-cloudwatch-statistics";
import { parseEc2Addresses } from "./parse-ec2-addresses";
import { parseEc2Instances } from "./parse-ec2-instances";
import { parseEc2Snapshots } from "./parse-ec2-snapshots";
import { parseEc2Volumes } from "./parse-ec2-volumes";
import { parseElbv2LoadBalancers } from "./parse-elbv2-load-balancers";
import { parseRdsDbInstances } from "./parse-rds-db-instances";
import type { GivenScope } from "./resource-scope";

// The entry for an AWS CLI output (an upload or an API call): the command picks the parser, the
// query says what the output does not, and the body is read only once the verb has checked the caller.

const PARSERS: Record<
  Exclude<AwsCommand, "cloudwatch-get-metric-statistics">,
  (json: unknown, given: GivenScope) => CloudResourceSnapshot
> = {
  "ec2-describe-instances": parseEc2Instances,
  "ec2-describe-volumes": parseEc2Volumes,
  "ec2-describe-addresses": parseEc2Addresses,
  "ec2-describe-snapshots": parseEc2Snapshots,
  "elbv2-describe-load-balancers": parseElbv2LoadBalancers,
  "rds-describe-db-instances": parseRdsDbInstances,
};

const METRIC_PARAMS = ["namespace", "metric", "dimension", "period"] as const;

/** The command the path names, or a 404 listing the ones there are. */
export function awsCommandOf(command: string): AwsCommand {
  if ((AWS_COMMANDS as readonly string[]).includes(command)) return command as AwsCommand;
  throw new VigilError("not_found", `No such AWS CLI command to import; use one of ${AWS_COMMANDS.join(", ")}`, {
    field: "command",
  });
}

/** Imports one AWS CLI JSON output; a bad one is a 400 naming its JSON path, an oversized one a 413. */
export async function importAwsOutput(
  ctx: Ctx,
  input: { command: string; query: Record<string, string>; body: string | AsyncIterable<Uint8Array> },
): Promise<ImportCloudResourcesResult | ImportCloudwatchResult> {
  const command = awsCommandOf(input.command);
  const query = parseInput(AwsImportQuery, input.query);
  const json = async () => parseJson(command, await outputText(command, input.body));
  if (command === "cloudwatch-get-metric-statistics") {
    const { namespace, metric, dimension, period } = query;
    for (const [name, value] of Object.entries({ namespace, metric, dimension }))
      if (value === undefined)
        throw new VigilError("bad_request", `${name}: is required for ${command} (the output does not say it)`, {
          field: name,
        });
    const split = dimension!.indexOf("=");
    return importCloudwatchStatistics(ctx, {
      read: async () =>
        parseCloudwatchStatistics(await json(), {
          namespace: namespace!,
          metric: metric!,
          dimensionName: dimension!.slice(0, split),
          dimensionValue: dimension!.slice(split + 1),
          period: period ?? null,
        }),
    });
  }
  for (const name of METRIC_PARAMS)
    if (query[name] !== undefined)
      throw new VigilError("bad_request", `${name}: only for cloudwatch-get-metric-statistics`, { field: name });
  const given = { region: query.region ?? null, account: query.account ?? null };
  return importCloudResources(ctx, { command, given, read: async () => PARSERS[command](await json(), given) });
}
