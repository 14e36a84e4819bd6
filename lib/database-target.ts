// Where a PostgreSQL URL points, as messages and the Settings page name it: host and port, or the
// Unix socket a `?host=/dir` query names (libpq's rule, which node-postgres and Prisma follow).

/** The server: `host:port`, or `Unix socket /dir/.s.PGSQL.<port>`. */
export function databaseServer(url: URL): string {
  const port = url.port || "5432";
  const socketDir = url.searchParams.get("host");
  if (socketDir?.startsWith("/")) return `Unix socket ${socketDir}/.s.PGSQL.${port}`;
  return `${url.hostname}:${port}`;
}

/** The server and the database: `host:port/db`, or `Unix socket ..., database db`. */
export function databaseTarget(url: URL): string {
  const server = databaseServer(url);
  return server.startsWith("Unix socket") ? `${server}, database ${url.pathname.slice(1)}` : `${server}${url.pathname}`;
}
