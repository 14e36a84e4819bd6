import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSloDir } from "./read-slo-dir";

// A folder of spec files read as one set: references and duplicate names across files, and every
// file that can not be read is a finding while the others are still read.

const sli = `apiVersion: openslo/v1
kind: SLI
metadata:
  name: shared-ratio
spec:
  ratioMetric:
    counter: true
    bad: {metricSource: {type: Prometheus, spec: {query: 'sum(r{status=~"5.."})'}}}
    total: {metricSource: {type: Prometheus, spec: {query: sum(r)}}}
`;

const slo = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: web-availability
spec:
  service: web
  indicatorRef: shared-ratio
  budgetingMethod: Occurrences
  timeWindow: [{duration: 28d, isRolling: true}]
  objectives: [{target: 0.999}]
`;

const sloth = `version: prometheus/v1
service: web
slos:
  - name: availability
    objective: 99
    sli: {events: {error_query: e, total_query: t}}
  - name: latency
    objective: 95
    sli: {events: {error_query: 'sum(rate(d_seconds_bucket{le="0.5"}[5m]))', total_query: t}}
`;

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "vigil-slo-dir-"));
  await writeFile(path.join(dir, "a-slo.yaml"), slo);
  await writeFile(path.join(dir, "b-sli.yml"), sli);
  await writeFile(path.join(dir, "c-sloth.yaml"), sloth);
  await writeFile(path.join(dir, "d-broken.yaml"), "version: prometheus/v1\nservice: [oops\n");
  await writeFile(path.join(dir, "e-big.yaml"), `# ${"x".repeat(1024 * 1024)}\n`);
  await writeFile(path.join(dir, "f-latin1.yaml"), Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xe9, 0x0a]));
  await mkdir(path.join(dir, "g-folder.yaml"));
  await writeFile(path.join(dir, ".hidden.yaml"), "not: read");
  await writeFile(path.join(dir, "notes.txt"), "not: read");
  await mkdir(path.join(dir, "sub"));
  await writeFile(path.join(dir, "sub", "inner.yaml"), slo.replace("web-availability", "inner"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("readSloDir", () => {
  it("reads every spec file of the folder as one set, in file order", async () => {
    const { slos } = await readSloDir(dir);
    expect(slos.map((entry) => [entry.slo.name, path.basename(entry.source.file), entry.source.line])).toEqual([
      ["web-availability", "a-slo.yaml", 1],
      ["web-latency", "c-sloth.yaml", 7],
    ]);
    const web = slos.find((entry) => entry.slo.name === "web-availability")!;
    expect(web.slo.sli).toEqual({ type: "availability", errorWhen: "http-5xx" });
    expect(slos.find((entry) => entry.slo.name === "web-latency")!.slo.sli).toEqual({
      type: "latency",
      thresholdMs: 500,
    });
  });

  it("gives one finding per file it can not use, and one per duplicate name naming both places", async () => {
    const { findings } = await readSloDir(dir);
    const rows = findings.map((f) => [path.basename(f.file), f.line, f.field, f.message]);
    expect(rows).toEqual([
      ["e-big.yaml", 1, "", expect.stringMatching(/^is 1048579 bytes; spec files may be at most 1048576/)],
      ["f-latin1.yaml", 1, "", "is not valid UTF-8 text"],
      ["g-folder.yaml", 1, "", "is not a regular file; not read"],
      [
        "c-sloth.yaml",
        4,
        "slos[0].name",
        expect.stringContaining(`is also defined in ${path.join(dir, "a-slo.yaml")} line 4`),
      ],
      ["d-broken.yaml", 3, "", expect.stringMatching(/^does not parse as YAML/)],
    ]);
  });

  it("is a finding, not a throw, when the folder is missing", async () => {
    const { slos, findings } = await readSloDir(path.join(dir, "missing"));
    expect(slos).toEqual([]);
    expect(findings).toMatchObject([
      { severity: "error", message: expect.stringContaining("can not be read as a folder") },
    ]);
  });

  it("reads at most 1,000 files and says which were left out", async () => {
    const many = await mkdtemp(path.join(tmpdir(), "vigil-slo-many-"));
    try {
      for (let i = 0; i < 1001; i++)
        await writeFile(
          path.join(many, `s${String(i).padStart(4, "0")}.yaml`),
          sloth.replace("service: web", `service: s${i}`),
        );
      const { slos, findings } = await readSloDir(many);
      expect(slos).toHaveLength(2000);
      expect(findings).toMatchObject([
        { message: expect.stringContaining("only the first 1000 are read (s1000.yaml and after are not)") },
      ]);
    } finally {
      await rm(many, { recursive: true, force: true });
    }
  });
});
