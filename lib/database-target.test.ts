import { describe, expect, it } from "vitest";
import { databaseServer, databaseTarget } from "./database-target";

describe("where a database URL points", () => {
  it("names host, port and database of a TCP URL, with PostgreSQL's default port", () => {
    expect(databaseTarget(new URL("postgres://u:p@db.internal:6432/vigil"))).toBe("db.internal:6432/vigil");
    expect(databaseServer(new URL("postgres://u:p@db.internal/vigil"))).toBe("db.internal:5432");
  });

  it("names the Unix socket a host query gives, as libpq builds its path", () => {
    const url = new URL("postgres://u:p@localhost:54329/vigil?host=%2Fvar%2Flib%2Fvigil%2Fpg");
    expect(databaseServer(url)).toBe("Unix socket /var/lib/vigil/pg/.s.PGSQL.54329");
    expect(databaseTarget(url)).toBe("Unix socket /var/lib/vigil/pg/.s.PGSQL.54329, database vigil");
  });

  it("takes a host query that is not a path as no socket", () => {
    expect(databaseTarget(new URL("postgres://u:p@a:5433/db?host=b"))).toBe("a:5433/db");
  });
});
