import { createHash } from "node:crypto";
import type { Ctx } from "../context";
import { pool } from "../db";
import { importDrift } from "../drift/import-drift";
import type { DriftObservation, ParsedDrift, PlannedChange } from "../drift/schemas";
import { resourceId } from "./demo-cost-lines";
import { DEMO_RESOURCES } from "./demo-platform";

// A few weeks of drift in the demo platform's production workspace, imported through the drift
// verb as plans would be: a security group opened by hand (0.0.0.0/0 on port 22, for the policy
// rules to flag), a database resized in the console (billed, so it has a cost impact), a bucket
// setting changed and later reverted (resolved), and a code change planned but not yet applied.

const WORKSPACE = "platform-prod";
const DAY = 86_400_000;

// The attributes the policy rules read (the admin-port rule reads each ingress block's ports,
// protocol and CIDRs), as the AWS provider gives them.
const bastion = (open: boolean) => ({
  id: "sg-0a1b2c3d4e5f60718",
  name: "bastion",
  tags_all: { owner: "platform", environment: "prod", cost_centre: "cc-platform" },
  ingress: [
    { from_port: 443, to_port: 443, protocol: "tcp", cidr_blocks: ["10.0.0.0/8"] },
    ...(open ? [{ from_port: 22, to_port: 22, protocol: "tcp", cidr_blocks: ["0.0.0.0/0"] }] : []),
  ],
});

function changed(
  address: string,
  type: string,
  cloudId: string,
  changes: DriftObservation["changes"],
  values?: DriftObservation["values"],
): DriftObservation {
  return {
    ...(values ? { values } : {}),
    address,
    kind: "changed",
    type,
    provider: "registry.terraform.io/hashicorp/aws",
    cloudId,
    changes,
    actions: ["update"],
  };
}

function observations(step: number): DriftObservation[] {
  const db = DEMO_RESOURCES.find((resource) => resource.name === "payments-db");
  const out: DriftObservation[] = [];
  if (step >= 1)
    out.push(
      changed(
        "module.prod.aws_security_group.bastion",
        "aws_security_group",
        bastion(true).id,
        [{ path: "ingress[1]", before: null, after: bastion(true).ingress[1] }],
        { before: bastion(false), after: bastion(true) },
      ),
    );
  if (step === 1)
    out.push(
      changed("module.prod.aws_s3_bucket.ledger_exports", "aws_s3_bucket", "vigil-demo-ledger-exports", [
        { path: "versioning[0].enabled", before: true, after: false },
      ]),
    );
  if (step >= 2 && db)
    out.push(
      changed("module.prod.aws_db_instance.payments_db", "aws_db_instance", resourceId(db, "prod"), [
        { path: "instance_class", before: "db.r6g.large", after: "db.r6g.2xlarge" },
      ]),
    );
  return out;
}

const PENDING: PlannedChange = {
  address: "module.prod.aws_rds_cluster.ledger",
  type: "aws_rds_cluster",
  actions: ["update"],
  replace: false,
  reason: null,
  changes: [{ path: "backup_retention_period", before: 7, after: 14 }],
};

/** Plans of the workspace 21, 14, 10 and 3 days before `today`, oldest first. */
function demoPlans(today: string): { at: Date; parsed: ParsedDrift }[] {
  const base = Date.parse(`${today}T06:00:00Z`);
  return [21, 14, 10, 3].map((daysAgo, step) => {
    const at = new Date(base - daysAgo * DAY);
    return {
      at,
      parsed: {
        format: "terraform-show",
        toolVersion: "1.9.8",
        detectedAt: at,
        observations: observations(step),
        planned: step === 3 ? [PENDING] : [],
        summary: { formatVersion: "1.2" },
      },
    };
  });
}

/** Imports the demo's drift history once: a workspace that already has imports is left as it is. */
export async function loadDemoDrift(ctx: Ctx, today: string): Promise<number> {
  const { rows } = await pool().query("SELECT 1 FROM drift_import WHERE workspace = $1 LIMIT 1", [WORKSPACE]);
  if (rows.length) return 0;
  let imports = 0;
  for (const { at, parsed } of demoPlans(today)) {
    const digest = createHash("sha256").update(JSON.stringify(parsed)).digest("hex");
    await importDrift(ctx, {
      format: "terraform-show",
      workspace: WORKSPACE,
      name: `platform-prod-plan-${at.toISOString().slice(0, 10)}.json`,
      read: async () => ({ parsed, digest: () => digest }),
    });
    imports += 1;
  }
  return imports;
}
