import { startEmbeddedPostgres } from "../lib/runtime/embedded-postgres";
const db = await startEmbeddedPostgres({ dataDir: "/tmp/vigil-scratch-pg" });
console.log(db.url);
process.on("SIGTERM", async () => { await db.stop(); process.exit(0); });
setInterval(() => {}, 1 << 30);
