import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { importDriftFile } from "@/collectors/iac/import-drift-file";
import { systemCtx } from "@/lib/context";
import { runWithThrowawayDatabase } from "./throwaway-database";

// `node --import tsx scripts/bench-drift-import.ts [MB]`: writes a `terraform show -json` plan of
// about that size (100 MB by default: resources in planned_values, prior_state and
// resource_changes, 2% of them drifted), imports it through the drift import from a file stream,
// and prints the time and the peak RSS (target: under 400 MB for 100 MB).

const targetBytes = Number(process.argv[2] ?? 100) * 1024 * 1024;

function attributes(i: number, ami: string) {
  return {
    id: `i-${i.toString(16).padStart(17, "0")}`,
    ami,
    instance_type: i % 7 === 0 ? "m5.large" : "t3.small",
    tags: { Name: `web-${i}`, team: `team-${i % 13}`, environment: "production" },
    user_data: "x".repeat(300),
    ebs_block_device: [{ device_name: "/dev/sdb", volume_size: 100, encrypted: true }],
  };
}

const resource = (i: number) => ({
  address: `aws_instance.web[${i}]`,
  mode: "managed",
  type: "aws_instance",
  name: "web",
  index: i,
});

/** Writes the plan section by section, so the generator never holds it either. */
async function writePlan(file: string): Promise<number> {
  const out = fs.createWriteStream(file);
  const write = (text: string) =>
    out.write(text) ? Promise.resolve() : new Promise<void>((r) => out.once("drain", r));
  const perResource = 1900;
  const count = Math.max(1, Math.floor(targetBytes / perResource));
  const section = async (name: string, make: (i: number) => unknown, every = 1) => {
    await write(`,"${name}":[`);
    let first = true;
    for (let i = 0; i < count; i += every) {
      await write(`${first ? "" : ","}${JSON.stringify(make(i))}`);
      first = false;
    }
    await write("]");
  };
  await write(`{"format_version":"1.2","terraform_version":"1.9.0","timestamp":"2026-12-01T00:00:00Z"`);
  await section(
    "resource_drift",
    (i) => ({
      ...resource(i),
      change: { actions: ["update"], before: attributes(i, "ami-old"), after: attributes(i, "ami-new") },
    }),
    50,
  );
  await section("resource_changes", (i) => ({
    ...resource(i),
    change: {
      actions: [i % 100 === 0 ? "update" : "no-op"],
      before: attributes(i, "ami-new"),
      after: attributes(i, "ami-new"),
    },
  }));
  await write(`,"prior_state":{"format_version":"1.0","values":{"root_module":{"resources":[`);
  for (let i = 0; i < count; i++)
    await write(`${i ? "," : ""}${JSON.stringify({ ...resource(i), values: attributes(i, "ami-old") })}`);
  await write("]}}}}");
  await new Promise<void>((resolve) => out.end(resolve));
  return count;
}

runWithThrowawayDatabase("bench-drift", async () => {
  const file = path.join(os.tmpdir(), `bench-drift-${process.pid}.json`);
  try {
    const resources = await writePlan(file);
    const bytes = fs.statSync(file).size;
    const started = process.hrtime.bigint();
    const result = await importDriftFile(systemCtx("bench"), {
      format: "terraform-show",
      workspace: "bench",
      name: "bench-plan.json",
      body: fs.createReadStream(file),
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const rss = process.resourceUsage().maxRSS / 1024;
    console.log(
      `plan: ${(bytes / 1024 / 1024).toFixed(1)} MB, ${resources} resources, ${result.drifted} drifted, ${result.planned} planned`,
    );
    console.log(`drift import: ${seconds.toFixed(2)} s, rss ${Math.round(rss)} MB`);
  } finally {
    fs.rmSync(file, { force: true });
  }
});
