import { mkdirSync, mkdtempSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { teamRuleFile as ruleFile, writeSettled as settled } from "@/test/policy-rule-files";
import { loadTeamRules, policyDirStamp } from "./load-team-rules";

// The teams' rule folder is compiled once and read again when a rule file changes: every kind of
// change is seen on the next call, and a file changed too recently to trust its stamp is not cached.

const folder = () => mkdtempSync(path.join(os.tmpdir(), "vigil-team-rules-"));
const HOUR = 3_600_000;
const ids = async (dir: string, builtin: string[] = []) =>
  (await loadTeamRules(dir, builtin)).rules.map((rule) => rule.rule.id);

describe("loadTeamRules", () => {
  it("answers from the cache while the folder is unchanged, even when other files change", async () => {
    const dir = folder();
    settled(path.join(dir, "team.yaml"), ruleFile("team-a"));
    const first = await loadTeamRules(dir, []);
    expect(first.rules.map((rule) => rule.rule.id)).toEqual(["team-a"]);
    expect(await loadTeamRules(dir, [])).toBe(first);
    writeFileSync(path.join(dir, "notes.txt"), "not a rule file");
    expect(await loadTeamRules(dir, [])).toBe(first);
  });

  it("a changed rule file is picked up after the cache was filled: new size, or the same size and a new mtime", async () => {
    const dir = folder();
    const file = path.join(dir, "team.yaml");
    settled(file, ruleFile("team-a"));
    const first = await loadTeamRules(dir, []);
    expect(await loadTeamRules(dir, [])).toBe(first);
    settled(file, ruleFile("team-a-longer"), HOUR / 2);
    expect(await ids(dir)).toEqual(["team-a-longer"]);
    // Same length, so only the times tell it apart.
    settled(file, ruleFile("team-b-longer"), HOUR / 4);
    expect(statSync(file).size).toBe(ruleFile("team-a-longer").length);
    expect(await ids(dir)).toEqual(["team-b-longer"]);
  });

  it("the same size and the old mtime put back still differ in ctime", async () => {
    const dir = folder();
    const file = path.join(dir, "team.yaml");
    settled(file, ruleFile("team-a"));
    const before = statSync(file);
    expect(await ids(dir)).toEqual(["team-a"]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    writeFileSync(file, ruleFile("team-b"));
    utimesSync(file, before.atime, before.mtime);
    expect(await ids(dir)).toEqual(["team-b"]);
  });

  it("a file added, renamed or removed is seen on the next call", async () => {
    const dir = folder();
    settled(path.join(dir, "a.yaml"), ruleFile("team-a"));
    expect(await ids(dir)).toEqual(["team-a"]);
    settled(path.join(dir, "b.yml"), ruleFile("team-b"));
    expect(await ids(dir)).toEqual(["team-a", "team-b"]);
    renameSync(path.join(dir, "b.yml"), path.join(dir, "0.YAML"));
    expect(await ids(dir)).toEqual(["team-b", "team-a"]);
    rmSync(path.join(dir, "a.yaml"));
    expect(await ids(dir)).toEqual(["team-b"]);
    rmSync(path.join(dir, "0.YAML"));
    const empty = await loadTeamRules(dir, []);
    expect(empty).toEqual({ rules: [], problems: [] });
  });

  it("a file changed within the settling time is read again on every call, however fast it changes", async () => {
    const dir = folder();
    const file = path.join(dir, "team.yaml");
    writeFileSync(file, ruleFile("team-a"));
    const first = await loadTeamRules(dir, []);
    expect(await loadTeamRules(dir, [])).not.toBe(first);
    writeFileSync(file, ruleFile("team-b"));
    expect(await ids(dir)).toEqual(["team-b"]);
    // Once settled (an hour later by the caller's clock), the folder is cached.
    const later = Date.now() + HOUR;
    const settledLoad = await loadTeamRules(dir, [], later);
    expect(await loadTeamRules(dir, [], later)).toBe(settledLoad);
  });

  it("a folder that cannot be listed is not cached: once it exists, its rules load", async () => {
    const dir = path.join(folder(), "missing");
    const missing = await loadTeamRules(dir, []);
    expect(missing.rules).toEqual([]);
    expect(missing.problems[0]).toMatchObject({ file: dir, problem: expect.stringMatching(/^cannot read the folder/) });
    expect(await policyDirStamp(dir)).toBeNull();
    mkdirSync(dir);
    settled(path.join(dir, "team.yaml"), ruleFile("team-a"));
    expect(await ids(dir)).toEqual(["team-a"]);
  });

  it("the built-in ids and the folder are part of the key", async () => {
    const one = folder();
    const two = folder();
    settled(path.join(one, "team.yaml"), ruleFile("team-a"));
    settled(path.join(two, "team.yaml"), ruleFile("team-b"));
    expect(await ids(one)).toEqual(["team-a"]);
    expect(await ids(two)).toEqual(["team-b"]);
    expect(await ids(one)).toEqual(["team-a"]);
    const taken = await loadTeamRules(one, ["team-a"]);
    expect(taken.rules).toEqual([]);
    expect(taken.problems.map((problem) => problem.problem)).toEqual(["rule id team-a is already defined"]);
  });

  it("odd names and kinds: a newline in a name, a directory named .yaml, a file over the size limit", async () => {
    const dir = folder();
    settled(path.join(dir, "line\nbreak.yaml"), ruleFile("team-a"));
    mkdirSync(path.join(dir, "folder.yaml"));
    expect(await ids(dir)).toEqual(["team-a"]);
    rmSync(path.join(dir, "folder.yaml"), { recursive: true });
    settled(path.join(dir, "folder.yaml"), `${ruleFile("team-b")}#${"x".repeat(1024 * 1024)}\n`);
    const large = await loadTeamRules(dir, []);
    expect(large.rules.map((rule) => rule.rule.id)).toEqual(["team-a"]);
    expect(large.problems.map((problem) => problem.problem)).toEqual(["larger than 1048576 bytes"]);
    settled(path.join(dir, "folder.yaml"), ruleFile("team-b"));
    expect(await ids(dir)).toEqual(["team-b", "team-a"]);
  });

  it("a rule file holding NUL or a lone surrogate is reported, and its fixed version then loads", async () => {
    const dir = folder();
    const file = path.join(dir, "team.yaml");
    settled(file, ruleFile("team-\u0000a"));
    const bad = await loadTeamRules(dir, []);
    expect(bad.rules).toEqual([]);
    expect(bad.problems).toHaveLength(1);
    settled(file, ruleFile("team-\uD800a"), HOUR / 2);
    expect((await loadTeamRules(dir, [])).rules).toEqual([]);
    settled(file, ruleFile("team-a"), HOUR / 4);
    expect(await ids(dir)).toEqual(["team-a"]);
  });
});
