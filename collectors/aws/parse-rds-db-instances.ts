import { z } from "zod";
import type { CloudResourceRecord, CloudResourceSnapshot, DbInstanceFacts } from "@/lib/cloud-inventory/schemas";
import { AwsTags, AwsText, IsoTime, MAX_INT, OptionalText, parseOutput, WholeNumber } from "./aws-json";
import { arnScope, type GivenScope, placeResource, refuseDuplicates } from "./resource-scope";

// `aws rds describe-db-instances`: {DBInstances: [...]}, known by identifier within the account
// and region its ARN names. InstanceCreateTime is absent while a DB is being created.

const COMMAND = "rds-describe-db-instances";

const DbInstance = z.object({
  DBInstanceIdentifier: AwsText(63),
  DBInstanceClass: AwsText(64),
  Engine: AwsText(64),
  EngineVersion: OptionalText(64),
  DBInstanceStatus: AwsText(64),
  InstanceCreateTime: IsoTime.nullish(),
  DBInstanceArn: OptionalText(2048),
  AllocatedStorage: WholeNumber(0, MAX_INT).nullish(),
  MultiAZ: z.boolean({ error: "must be true or false" }).nullish(),
  DbiResourceId: OptionalText(64),
  TagList: AwsTags,
});

const Output = z.object({ DBInstances: z.array(DbInstance, { error: "must be an array of DB instances" }) });

export function parseRdsDbInstances(json: unknown, given: GivenScope): CloudResourceSnapshot {
  const output = parseOutput(COMMAND, Output, json);
  const items = output.DBInstances.map((db, d) => {
    const path = ["DBInstances", d];
    const scope = placeResource(COMMAND, [...path, "DBInstanceArn"], arnScope(db.DBInstanceArn), given);
    const facts: DbInstanceFacts = {
      instanceClass: db.DBInstanceClass,
      engine: db.Engine,
      engineVersion: db.EngineVersion,
      status: db.DBInstanceStatus,
      createdTime: db.InstanceCreateTime ?? null,
      allocatedStorageGiB: db.AllocatedStorage ?? null,
      multiAz: db.MultiAZ ?? null,
      dbiResourceId: db.DbiResourceId,
    };
    const record: CloudResourceRecord = {
      kind: "rds-instance",
      resourceId: db.DBInstanceIdentifier,
      arn: db.DBInstanceArn,
      ...scope,
      name: db.TagList.Name ?? db.DBInstanceIdentifier,
      state: db.DBInstanceStatus,
      stateSince: null,
      createdAt: db.InstanceCreateTime ?? null,
      tags: db.TagList,
      facts,
    };
    return { record, path: [...path, "DBInstanceIdentifier"] };
  });
  refuseDuplicates(COMMAND, items);
  return { kind: "rds-instance", resources: items.map((item) => item.record) };
}
