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
    expect(env.VIGIL_HOST).toBe("127.0.0.1");
    expect(env.VIGIL_DEMO_SIGN_IN).toBe(false);
    expect(env.VIGIL_TRUSTED_PROXIES).toEqual([]);
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
    [{ VIGIL_TRUSTED_PROXIES: "10.0.0.0/33" }, /^Invalid setting VIGIL_TRUSTED_PROXIES/],
    [{ VIGIL_TRUSTED_PROXIES: "proxy.internal" }, /^Invalid setting VIGIL_TRUSTED_PROXIES/],
    [{ VIGIL_DEMO_SIGN_IN: "yes" }, /^Invalid setting VIGIL_DEMO_SIGN_IN/],
    [{ VIGIL_GITHUB_SERVICES: "acme/ledger" }, /^Invalid setting VIGIL_GITHUB_SERVICES: must be owner\/repo=service/],
    [{ VIGIL_GITHUB_SERVICES: "a=b=c" }, /^Invalid setting VIGIL_GITHUB_SERVICES/],
    [{ VIGIL_PAGERDUTY_SERVICES: "PX1=ledger,,=x" }, /^Invalid setting VIGIL_PAGERDUTY_SERVICES/],
  ])("rejects %o with one line naming the setting", (source, message) => {
    expect(() => parseEnv(source)).toThrow(ConfigError);
    expect(() => parseEnv(source)).toThrow(message);
  });

  it("reads trusted proxies as a list of addresses and ranges", () => {
    expect(parseEnv({ VIGIL_TRUSTED_PROXIES: "10.0.0.0/8, 127.0.0.1,::1" }).VIGIL_TRUSTED_PROXIES).toEqual([
      "10.0.0.0/8",
      "127.0.0.1",
      "::1",
    ]);
  });

  it("accepts postgres and postgresql URLs", () => {
    expect(parseEnv({ DATABASE_URL: "postgresql://u:p@db.internal:6432/vigil" }).DATABASE_URL).toContain("db.internal");
  });

  it("reads the delivery webhooks' service maps, with no inherited names", () => {
    const env = parseEnv({ VIGIL_GITHUB_SERVICES: "acme/ledger=ledger, acme/web = storefront" });
    expect({ ...env.VIGIL_GITHUB_SERVICES }).toEqual({ "acme/ledger": "ledger", "acme/web": "storefront" });
    expect(env.VIGIL_GITHUB_SERVICES.constructor).toBeUndefined();
    expect(parseEnv({}).VIGIL_PAGERDUTY_SERVICES.toString).toBeUndefined();
    expect(parseEnv({}).VIGIL_GITHUB_INCIDENT_LABEL).toBe("incident");
  });
});
