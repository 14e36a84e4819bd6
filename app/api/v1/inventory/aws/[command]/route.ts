import { importAwsOutput } from "@/collectors/aws/import-aws-output";
import { VigilError } from "@/lib/errors";
import { apiRoute, queryOf } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

/**
 * The JSON an AWS CLI command printed, as the body: ec2-describe-instances, ec2-describe-volumes,
 * ec2-describe-addresses, ec2-describe-snapshots, elbv2-describe-load-balancers,
 * rds-describe-db-instances, or cloudwatch-get-metric-statistics (?namespace=&metric=&dimension=Name=Value
 * and an optional ?period=). ?region= and ?account= say what an output does not print.
 */
export const POST = apiRoute<{ command: string }>(
  "POST /api/v1/inventory/aws/[command]",
  async (ctx, request, params) => {
    if (!request.body) throw new VigilError("bad_request", "Send the AWS CLI output as the request body");
    return importAwsOutput(ctx, {
      command: params.command,
      query: queryOf(request),
      body: request.body as unknown as AsyncIterable<Uint8Array>,
    });
  },
);
