import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PERMISSIONS } from "@/lib/context";
import { ROUTES } from "./routes";

const APP = path.resolve(import.meta.dirname, "..", "..", "app");

/** Every page and route handler under app/, as "METHOD /route", found from the files themselves. */
function servedRoutes(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "page.tsx" || entry.name === "route.ts") {
        const segments = path
          .relative(APP, dir)
          .split(path.sep)
          .filter((segment) => segment !== "" && !/^\(.*\)$/.test(segment));
        const route = `/${segments.join("/")}`;
        if (entry.name === "page.tsx") found.push(`GET ${route}`);
        else {
          const source = fs.readFileSync(full, "utf8");
          for (const match of source.matchAll(
            /export\s+(?:const|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g,
          ))
            found.push(`${match[1]} ${route}`);
        }
      }
    }
  };
  walk(APP);
  return found.sort();
}

describe("the route table", () => {
  it("has exactly one entry for every page and route handler in app/", () => {
    const table = ROUTES.map((entry) => `${entry.method} ${entry.route}`).sort();
    expect(new Set(table).size).toBe(table.length);
    expect(table).toEqual(servedRoutes());
  });

  it("names only known permissions", () => {
    for (const entry of ROUTES) expect(["public", "signed-in", ...PERMISSIONS]).toContain(entry.access);
  });
});
