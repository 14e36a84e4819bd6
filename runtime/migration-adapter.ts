import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

// @prisma/adapter-pg 6.19 can not map the catalog types `name` (oid 19) and `"char"` (oid 18) that
// the schema engine reads while migrating (prisma/orm#27403); pg already returns both as strings,
// so reporting them as `text` (oid 25) is exact.
const CATALOG_TEXT_OIDS = new Set([18, 19]);
const TEXT_OID = 25;

function asText(result: unknown): unknown {
  for (const item of Array.isArray(result) ? result : [result]) {
    const fields = (item as pg.QueryResult | undefined)?.fields;
    for (const field of fields ?? []) {
      if (CATALOG_TEXT_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
    }
  }
  return result;
}

/** A pg client whose query results report the catalog types as `text`, callback or promise alike. */
class CatalogAsTextClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    const query = pg.Client.prototype.query.bind(this) as (...args: unknown[]) => unknown;
    // pg's overloads can not be restated one by one, so the wrapper takes and returns what they do.
    this.query = ((...args: unknown[]) => {
      const last = args.length - 1;
      if (typeof args[last] === "function") {
        const callback = args[last] as (err: Error | null, result: unknown) => void;
        args[last] = (err: Error | null, result: unknown) => callback(err, err ? result : asText(result));
      }
      const pending = query(...args);
      return pending instanceof Promise ? pending.then(asText) : pending;
    }) as unknown as pg.Client["query"];
  }
}

type Adapter = Awaited<ReturnType<PrismaPg["connect"]>>;
type Queryable = { client: pg.Pool; onError(error: unknown): never };

// adapter-pg 6.19 runs a migration by splitting its text on every ";", which cuts a function body
// ($$ ... $$) apart. PostgreSQL runs a multi-statement script itself in one simple query, and
// runs it as one implicit transaction, so the whole migration applies or none of it does.
class WholeScriptPg extends PrismaPg {
  override async connect(): Promise<Adapter> {
    const adapter = await super.connect();
    const queryable = adapter as unknown as Queryable;
    adapter.executeScript = async (script: string) => {
      try {
        await queryable.client.query(script);
      } catch (error) {
        queryable.onError(error);
      }
    };
    return adapter;
  }
}

/** The adapter the Prisma CLI migrates through (see prisma.config.ts). */
export function migrationAdapter(connectionString: string): PrismaPg {
  return new WholeScriptPg(
    new pg.Pool({ connectionString, Client: CatalogAsTextClient, max: 2, allowExitOnIdle: true }),
  );
}
