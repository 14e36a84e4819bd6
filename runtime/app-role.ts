import pg from "pg";

/**
 * The role the web server, worker, receiver and CLI connect as. It owns no table, so it can
 * neither switch the audit trail's triggers off nor alter a table; migrations run as the owner
 * and grant it what the app uses (prisma/migrations/20261206040000_application_role).
 */
export const APP_ROLE = "vigil_app";

/**
 * Creates the embedded database's application role, or resets it to what it must be: a login
 * with the given password and no power beyond the grants. Run as the bootstrap superuser.
 */
export async function ensureAppRole(ownerUrl: string, password: string): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [APP_ROLE]);
    const verb = rowCount === 0 ? "CREATE" : "ALTER";
    await client.query(
      `${verb} ROLE ${APP_ROLE} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${client.escapeLiteral(password)}`,
    );
  } finally {
    await client.end();
  }
}

/** The same server and database as `url`, reached as another role. */
export function urlAs(url: string, user: string, password: string): string {
  const target = new URL(url);
  target.username = encodeURIComponent(user);
  target.password = encodeURIComponent(password);
  return target.toString();
}

/**
 * Why the app's own connection could get around the append-only audit trail (it can switch
 * triggers off as a superuser, or ALTER the table as its owner); undefined when it can not.
 */
export async function auditGuardWeakness(client: pg.Pool | pg.Client): Promise<string | undefined> {
  const { rows } = await client.query<{ role: string; superuser: boolean; owner: boolean }>(
    `SELECT current_user AS role, r.rolsuper AS superuser, pg_has_role(current_user, c.relowner, 'USAGE') AS owner
     FROM pg_roles r, pg_class c WHERE r.rolname = current_user AND c.oid = to_regclass('audit_entry')`,
  );
  const row = rows[0];
  if (!row || (!row.superuser && !row.owner)) return undefined;
  const why = row.superuser ? "is a superuser" : "owns the audit table";
  return `the database role "${row.role}" ${why}, so the app could switch the audit trail's triggers off: connect as a role that owns no tables (DATABASE_URL) and migrate as the owner (VIGIL_MIGRATION_DATABASE_URL); see README, Settings`;
}
