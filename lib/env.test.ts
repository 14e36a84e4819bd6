import { describe, expect, it } from "vitest";
import { ConfigError } from "./errors";
import { parseEnv } from "./env";

describe("parseEnv", () => {
  it("defaults to port 3000, .vigil and an embedded database", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.VIGIL_DATA_DIR).toBe(".vigil");
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.VIGIL_DEMO).toBe("auto");
  });

  it("treats empty values as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", PORT: "" }).PORT).toBe(3000);
  });

  it.each([
    [{ PORT: "http" }, /^Invalid setting PORT: must be a number$/],
    [{ PORT: "70000" }, /^Invalid setting PORT: must be between 1 and 65535$/],
    [{ DATABASE_URL: "mysql://db/x" }, /^Invalid setting DATABASE_URL: must look like postgres:/],
    [{ DATABASE_URL: "not a url" }, /^Invalid setting DATABASE_URL/],
    [{ VIGIL_DEMO: "sometimes" }, /^Invalid setting VIGIL_DEMO/],
  ])("rejects %o with one line naming the setting", (source, message) => {
    expect(() => parseEnv(source)).toThrow(ConfigError);
    expect(() => parseEnv(source)).toThrow(message);
  });

  it("accepts postgres and postgresql URLs", () => {
    expect(parseEnv({ DATABASE_URL: "postgresql://u:p@db.internal:6432/vigil" }).DATABASE_URL).toContain("db.internal");
  });
});
