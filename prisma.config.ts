import { defineConfig } from "prisma/config";
import { readDatabaseUrl } from "./lib/env";
import { migrationAdapter } from "./runtime/migration-adapter";

// Prisma's native schema engine is downloaded from Prisma's own host, which offline machines can not
// reach. The bundled WASM engine, driven through the pg adapter, runs the same migrations anywhere.
export default defineConfig({
  schema: "prisma/schema.prisma",
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    return migrationAdapter(readDatabaseUrl());
  },
});
