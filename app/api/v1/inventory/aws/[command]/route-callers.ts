import { callRoute } from "@/test/http-callers";
import { readCloudResources } from "@/lib/cloud-inventory/read-cloud-resources";
import { systemCtx } from "@/lib/context";

// What the AWS CLI import's route tests share: the entry, a caller, and this test's resources.

export const ENTRY = { method: "POST", route: "/api/v1/inventory/aws/[command]" } as const;
export const ctx = systemCtx("test");

/** POSTs an AWS CLI output to the route with the given Authorization. */
export function postOutput(command: string, body: BodyInit, query: string, auth: string) {
  return callRoute(ENTRY, { path: `/api/v1/inventory/aws/${command}${query}`, headers: { authorization: auth }, body });
}

/** Every stored resource of one account, read through every page (other tests fill the table too). */
export async function resourcesOf(owner: string, includeGone = true) {
  const all = [];
  let after: string | undefined;
  do {
    const page = await readCloudResources(ctx, { includeGone, limit: 10_000, after });
    all.push(...page.items);
    after = page.next ?? undefined;
  } while (after);
  return all.filter((item) => item.account === owner);
}
