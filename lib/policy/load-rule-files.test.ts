import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { evaluateRules } from "./evaluate-rules";
import { loadPolicyDir, parseRuleFile } from "./load-rule-files";
import { toPolicyResource } from "./policy-resource";

const rule = (fields: Record<string, string>) =>
  `  - id: ${fields.id}
    title: ${fields.title ?? "A rule"}
    severity: ${fields.severity ?? "high"}
    resourceTypes: [${fields.types ?? "aws_ebs_volume"}]
    expression: ${JSON.stringify(fields.expression ?? "resource.attributes.encrypted == true")}
    remediation: Fix it.
    controls: [SOC 2 CC6.1]
`;
const file = (...rules: string[]) => `rules:\n${rules.join("")}`;
const RANGE = `[${Array.from({ length: 100 }, (_, i) => i).join(", ")}]`;

describe("parseRuleFile", () => {
  it("loads good rules beside bad ones, naming each bad one with file, id and why", () => {
    const text = file(
      rule({ id: "good" }),
      rule({ id: "syntax", expression: "resource.attributes +* 1" }),
      rule({ id: "nested", expression: "[1].all(a, [1].all(b, [1].all(c, [1].all(d, true))))" }),
      rule({ id: "costly", expression: `${RANGE}.all(a, ${RANGE}.all(b, ${RANGE}.all(c, a + b + c >= 0)))` }),
      rule({ id: "bad-severity", severity: "urgent" }),
      rule({ id: "good" }),
    );
    const { rules, problems } = parseRuleFile(text, "team.yaml");
    expect(rules.map((r) => r.rule.id)).toEqual(["good"]);
    expect(problems.map((p) => [p.file, p.ruleId])).toEqual([
      ["team.yaml", "syntax"],
      ["team.yaml", "nested"],
      ["team.yaml", "costly"],
      ["team.yaml", "bad-severity"],
      ["team.yaml", "good"],
    ]);
    expect(problems[0].problem).toMatch(/does not compile: at 1:/);
    expect(problems[1].problem).toMatch(/nests 4 comprehensions/);
    expect(problems[2].problem).toMatch(/exceeds the evaluation budget/);
    expect(problems[3].problem).toMatch(/severity: must be one of critical/);
    expect(problems[4].problem).toMatch(/already defined/);
  });

  it.each([
    ["empty", "", /must be a mapping with a rules: list/],
    ["not YAML", "rules: [unclosed", /not YAML at line 1/],
    ["a list", "- 1\n- 2", /must be a mapping/],
    ["rules not a list", "rules: 5", /^rules: /],
    [
      "an alias bomb",
      `a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nrules: [*c]`,
      /Excessive alias count/,
    ],
    ["duplicate keys", "rules: []\nrules: []", /not YAML/],
  ])("reports a file that is %s", (_, text, pattern) => {
    const { rules, problems } = parseRuleFile(text, "bad.yaml");
    expect(rules).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: "bad.yaml", ruleId: null });
    expect(problems[0].problem).toMatch(pattern);
  });

  it.each([
    ["a NUL", "id: x\0y"],
    ["an id too long", `id: ${"a".repeat(101)}`],
    ["an uppercase id", "id: Rule"],
  ])("refuses a rule with %s", (_, idLine) => {
    const text = file(rule({ id: "placeholder" }).replace("id: placeholder", idLine));
    const { rules, problems } = parseRuleFile(text, "f.yaml");
    expect(rules).toEqual([]);
    expect(problems[0].problem).toMatch(/rules\[0\]\.id/);
  });

  it("refuses NUL and lone surrogates in the expression and an empty type list", () => {
    const text = file(
      rule({ id: "nul", expression: "'a\u0000' == 'b'" }),
      rule({ id: "surrogate", expression: "'\ud800' == 'b'" }),
      rule({ id: "notypes", types: "" }),
    );
    const { problems } = parseRuleFile(text, "f.yaml");
    expect(problems.map((p) => p.problem)).toEqual([
      expect.stringMatching(/expression: contains a NUL/),
      expect.stringMatching(/expression: contains a lone surrogate/),
      expect.stringMatching(/resourceTypes: name at least one/),
    ]);
  });
});

describe("evaluation budget", () => {
  it("stops a rule whose evaluation runs too long and goes on with the others", () => {
    const text = file(
      rule({
        id: "slow",
        types: "aws_thing",
        expression: "resource.attributes.items.all(a, resource.attributes.items.all(b, a + b >= 0))",
      }),
      rule({ id: "fast", types: "aws_thing", expression: "size(resource.attributes.items) < 10" }),
    );
    const { rules, problems } = parseRuleFile(text, "f.yaml");
    expect(problems).toEqual([]);
    const items = Array.from({ length: 600 }, (_, i) => i);
    const resources = ["a", "b"].map((name) => toPolicyResource("aws_thing", `aws_thing.${name}`, { items }));
    const result = evaluateRules(rules, resources, 5);
    expect(result.problems).toEqual([
      {
        file: "f.yaml",
        ruleId: "slow",
        problem: expect.stringMatching(/exceeded the evaluation budget of 5 ms on aws_thing.a/),
      },
    ]);
    expect(result.violations.map((v) => [v.ruleId, v.address])).toEqual([
      ["fast", "aws_thing.a"],
      ["fast", "aws_thing.b"],
    ]);
  });

  it("reports resources a rule can not decide instead of calling them violations", () => {
    const { rules } = parseRuleFile(file(rule({ id: "r" })), "f.yaml");
    const result = evaluateRules(rules, [toPolicyResource("aws_ebs_volume", "aws_ebs_volume.v", {})]);
    expect(result.violations).toEqual([]);
    expect(result.problems[0].problem).toMatch(/could not decide 1 resource\(s\), first aws_ebs_volume.v: .*encrypted/);
  });
});

describe("loadPolicyDir", () => {
  it("reads every YAML file, and a bad file does not stop the next", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "vigil-policy-"));
    writeFileSync(path.join(dir, "a.yaml"), "rules: [");
    writeFileSync(path.join(dir, "b.yml"), file(rule({ id: "team-ebs" })));
    writeFileSync(path.join(dir, "c.txt"), "ignored");
    const loaded = await loadPolicyDir(dir, new Set());
    expect(loaded.rules.map((r) => [r.file, r.rule.id])).toEqual([[path.join(dir, "b.yml"), "team-ebs"]]);
    expect(loaded.problems).toEqual([
      { file: path.join(dir, "a.yaml"), ruleId: null, problem: expect.stringMatching(/^not YAML/) },
    ]);
  });

  it("reports a folder it can not read", async () => {
    const loaded = await loadPolicyDir("/nonexistent/vigil-policy", new Set());
    expect(loaded.problems[0]).toMatchObject({
      file: "/nonexistent/vigil-policy",
      problem: expect.stringMatching(/cannot read/),
    });
  });
});
