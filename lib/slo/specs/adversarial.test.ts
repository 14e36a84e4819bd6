import { describe, expect, it } from "vitest";
import { parseSpecs } from "./parse-specs";

// Every hostile or broken input gives findings naming line and field, never a throw.

const sloth = (slo: string, head = "version: prometheus/v1\nservice: shop\n") =>
  `${head}slos:\n  - name: checkout\n${slo}    sli: {events: {error_query: "e", total_query: "t"}}\n`;

const findingsOf = (text: string) => {
  const result = parseSpecs("in.yaml", text);
  return { ...result, rows: result.findings.map((f) => [f.severity, f.line, f.field, f.message]) };
};

describe("spec files that are empty or not YAML", () => {
  it.each([
    ["an empty file", ""],
    ["only ---", "---\n"],
    ["only comments and ---", "# nothing\n---\n---\n"],
  ])("%s holds no spec", (_, text) => {
    expect(findingsOf(text).rows).toEqual([["warning", 1, "", "holds no OpenSLO object or Sloth spec"]]);
  });

  it("names the line of a YAML syntax error", () => {
    const { rows, slos } = findingsOf("version: prometheus/v1\nservice: [shop\nslos: x\n");
    expect(slos).toEqual([]);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]).toEqual(["error", 3, "", expect.stringMatching(/^does not parse as YAML/)]);
  });

  it("refuses a scalar document and a duplicate key", () => {
    expect(findingsOf("just some text").rows).toEqual([
      ["error", 1, "", "must be a mapping: an OpenSLO object (apiVersion, kind) or a Sloth spec (version)"],
    ]);
    expect(findingsOf("version: a\nversion: b\n").rows[0]).toEqual([
      "error",
      2,
      "",
      expect.stringContaining("Map keys must be unique"),
    ]);
  });

  it("stops a YAML bomb at the alias limit", () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) {
      const [prev, name] = [String.fromCharCode(96 + i), String.fromCharCode(97 + i)];
      lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(",")}]`);
    }
    expect(findingsOf(lines.join("\n")).rows).toEqual([["error", 1, "", expect.stringContaining("aliases expand")]]);
  });

  it("refuses a 2 MiB file before parsing it", () => {
    const text = `# ${"x".repeat(2 * 1024 * 1024)}\n`;
    expect(findingsOf(text).rows).toEqual([
      ["error", 1, "", `is ${text.length} bytes; spec files may be at most 1048576`],
    ]);
  });

  it.each([
    ["flow brackets", "[".repeat(20_000) + "]".repeat(20_000), 1],
    ["flow maps", "{a: ".repeat(20_000) + "}".repeat(20_000), 1],
    ["block sequences", `${"- ".repeat(20_000)}x`, 1],
    ["indentation", Array.from({ length: 1000 }, (_, i) => `${" ".repeat(i)}a:`).join("\n"), 202],
  ])("refuses nesting too deep to parse safely (%s)", (_, text, line) => {
    const { rows } = findingsOf(text);
    expect(rows).toEqual([["error", line, "", expect.stringMatching(/^nests more than/)]]);
  });

  it("reads the first 1,000 objects of a file and says the rest are not read", () => {
    const text = "---\napiVersion: openslo/v1\nkind: Service\nmetadata: {name: s}\n".repeat(1001);
    const { findings } = parseSpecs("many.yaml", text);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      line: 4002,
      document: 1000,
      message: "holds more than 1000 objects; the rest are not read",
    });
  });
});

describe("bad values give a finding on their field and line", () => {
  it.each([
    ["100", "must be above 0 and below 100"],
    ["0", "must be above 0 and below 100"],
    ["-1", "must be a number from 0 to 100"],
    ["abc", "must be a number from 0 to 100"],
    ["1e400", "must be a number from 0 to 100"],
    [".nan", "must be a number from 0 to 100"],
  ])("Sloth objective %s", (objective, message) => {
    const { rows, slos } = findingsOf(sloth(`    objective: ${objective}\n`));
    expect(slos).toEqual([]);
    expect(rows).toEqual([["error", 5, "slos[0].objective", message]]);
  });

  it.each([
    ["100", "must be less than '100'"],
    ["-1", "must be greater than or equal to '0'"],
    ["abc", "must be a number"],
    ["1e400", "must be a finite number"],
  ])("OpenSLO targetPercent %s", (value, message) => {
    const text = `apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: a}\nspec:\n  service: s\n  indicatorRef: x\n  budgetingMethod: Occurrences\n  timeWindow: [{duration: 28d, isRolling: true}]\n  objectives:\n    - targetPercent: ${value}\n`;
    expect(findingsOf(text).rows).toEqual([["error", 10, "spec.objectives[0].targetPercent", message]]);
  });

  it("refuses NUL and lone surrogates in names and services", () => {
    expect(findingsOf(sloth("    objective: 99\n").replace("checkout", '"check\\0out"')).rows).toEqual([
      ["error", 4, "slos[0].name", "must not contain NUL characters"],
    ]);
    expect(findingsOf(sloth("    objective: 99\n").replace("checkout", '"check\\uD800"')).rows).toEqual([
      ["error", 4, "slos[0].name", "must be valid Unicode (no lone surrogates)"],
    ]);
    const surrogateService = sloth("    objective: 99\n", 'version: prometheus/v1\nservice: "sh\\uDC00op"\n');
    expect(findingsOf(surrogateService).rows).toContainEqual([
      "error",
      2,
      "service",
      "must be valid Unicode (no lone surrogates)",
    ]);
    const openSlo = 'apiVersion: openslo/v1\nkind: Service\nmetadata:\n  name: "a\\0b"\n';
    expect(findingsOf(openSlo).rows).toEqual([["error", 4, "metadata.name", expect.stringContaining("RFC-1123")]]);
  });

  it("names an unknown kind, an unknown apiVersion and an unknown Sloth version", () => {
    expect(findingsOf("apiVersion: openslo/v1\nkind: Thing\nmetadata: {name: x}\n").rows).toEqual([
      ["error", 2, "kind", expect.stringContaining("unsupported kind for openslo/v1")],
    ]);
    expect(findingsOf("kind: SLO\napiVersion: openslo/v2alpha\n").rows).toEqual([
      ["error", 2, "apiVersion", expect.stringContaining("unsupported apiVersion")],
    ]);
    expect(findingsOf("version: prometheus/v2\n").rows).toEqual([
      ["error", 1, "version", expect.stringContaining("unsupported Sloth version")],
    ]);
    expect(findingsOf("service: x\n").rows).toEqual([
      ["error", 1, "", expect.stringContaining("is neither an OpenSLO object")],
    ]);
  });

  it("names missing fields", () => {
    expect(findingsOf("version: prometheus/v1\n").rows).toEqual([
      ["error", 1, "service", "property is required but was empty"],
      ["error", 1, "slos", "property is required but was empty"],
    ]);
    const noSli = "version: prometheus/v1\nservice: s\nslos:\n  - name: a\n    objective: 99\n";
    expect(findingsOf(noSli).rows).toEqual([["error", 4, "slos[0].sli", "property is required but was empty"]]);
    const noObjective = sloth("");
    expect(findingsOf(noObjective).rows).toEqual([["error", 4, "slos[0].objective", "must be a number from 0 to 100"]]);
    expect(findingsOf("apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: a}\n").rows).toEqual([
      ["error", 1, "spec", "property is required but was empty"],
    ]);
  });
});

describe("one bad part never stops the others", () => {
  it("reads the good documents of a file with a broken one", () => {
    const text = `version: prometheus/v1\nservice: [broken\n---\n${sloth("    objective: 99\n")}`;
    const { slos, findings } = parseSpecs("mixed.yaml", text);
    expect(slos.map((s) => s.slo.name)).toEqual(["shop-checkout"]);
    expect(slos[0]!.source).toMatchObject({ document: 1, line: 7 });
    expect(findings.every((f) => f.document === 0 && f.severity === "error")).toBe(true);
  });

  it("reads the good SLOs of a Sloth spec with a bad one", () => {
    const text =
      sloth("    objective: 99\n") +
      '  - name: refund\n    objective: 100\n    sli: {events: {error_query: "e", total_query: "t"}}\n';
    const { slos, findings } = parseSpecs("two.yaml", text);
    expect(slos.map((s) => s.slo.name)).toEqual(["shop-checkout"]);
    expect(findings.map((f) => [f.line, f.field, f.object])).toEqual([[8, "slos[1].objective", "refund"]]);
  });

  it("keeps the first of two SLOs with one name and names both places", () => {
    const text = `${sloth("    objective: 99\n")}---\n${sloth("    objective: 98\n")}`;
    const { slos, findings } = parseSpecs("dup.yaml", text);
    expect(slos.map((s) => s.slo.objectivePercent)).toEqual([99]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      line: 11,
      field: "slos[0].name",
      message: expect.stringContaining("dup.yaml line 4"),
    });
  });
});

describe("random damage to real specs", () => {
  const base = [
    "version: prometheus/v1\nservice: s\nlabels: {a: b}\nslos:\n  - name: x\n    objective: 99.9\n    sli:\n      events:\n        error_query: 'sum(r{code=~\"5..\"})'\n        total_query: sum(r)\n    alerting: {name: A, page_alert: {labels: {s: p}}}\n",
    "- apiVersion: openslo/v1\n  kind: SLO\n  metadata: {name: w, labels: {env: [prod]}}\n  spec:\n    service: web\n    indicatorRef: r\n    budgetingMethod: Timeslices\n    timeWindow:\n      - {duration: 1w, isRolling: false, calendar: {startTime: '2022-01-01 12:00:00', timeZone: UTC}}\n    objectives: [{target: 0.995, timeSliceTarget: 0.95, timeSliceWindow: 1m}]\n- apiVersion: openslo/v1\n  kind: SLI\n  metadata: {name: r}\n  spec: {thresholdMetric: {metricSource: {type: P, spec: {query: q}}}}\n",
  ];
  const junk = [
    "\0",
    "\uD800",
    ":",
    "- ",
    "[",
    "{",
    "*a",
    "&a ",
    "!!str ",
    "'",
    '"',
    "\n",
    "  ",
    "1e400",
    "~",
    "---\n",
    "? ",
    "#",
    "<<: *a\n",
    "\t",
  ];

  it("never throws and always names a line, over 3,000 damaged copies", () => {
    let seed = 16;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 3000; round++) {
      let text = base[round % base.length]!;
      for (let edit = 0; edit < 1 + Math.floor(random() * 4); edit++) {
        const at = Math.floor(random() * text.length);
        if (random() < 0.5) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 8));
        else text = text.slice(0, at) + junk[Math.floor(random() * junk.length)] + text.slice(at);
      }
      const { findings, slos } = parseSpecs("damaged.yaml", text);
      for (const finding of findings) {
        expect(finding.line).toBeGreaterThanOrEqual(1);
        expect(finding.message.length).toBeGreaterThan(0);
        expect(finding.message).not.toMatch(/^could not be read/);
      }
      for (const { slo } of slos) expect(slo.objectivePercent).toBeGreaterThan(0);
    }
  });
});
