import { describe, expect, it } from "vitest";
import { evidence, lastDays, NOW } from "@/lib/zombies/rules/evidence-builders";
import { idleEnvironment } from "@/lib/zombies/rules/idle-environment";
import { parseThresholds } from "@/lib/zombies/thresholds";

const defaults = parseThresholds({});
const window = lastDays(14);
const silent = { since: "2026-01-01", byDay: { "2026-02-01": 40 } };

function env(environment: string | undefined, over: Parameters<typeof evidence>[0] = {}) {
  return evidence({
    resource: { environment },
    environmentRequests: silent,
    environmentDeployments: silent,
    ...over,
  });
}

describe("idle-environment (non-production, no requests and no deployments for 14 days)", () => {
  it("flags a forgotten preview environment", () => {
    const finding = idleEnvironment(env("preview-pr-42"), defaults, NOW);
    expect(finding?.confidence).toBe("high");
    expect(finding?.evidence.map((e) => e.name)).toEqual(["entry-requests", "deployments"]);
    expect(finding?.summary).toContain("preview-pr-42");
  });

  it("reads the environment from an env tag when the field is empty", () => {
    expect(idleEnvironment(env(undefined, { resource: { tags: { Env: "Staging" } } }), defaults, NOW)).not.toBeNull();
  });

  it("leaves production, unknown and unlisted environments alone", () => {
    expect(idleEnvironment(env("production"), defaults, NOW)).toBeNull();
    expect(idleEnvironment(env(undefined), defaults, NOW)).toBeNull();
    expect(idleEnvironment(env("batch"), defaults, NOW)).toBeNull();
    expect(idleEnvironment(env("previewer"), defaults, NOW)).toBeNull();
  });

  it("one request or one deployment in the window keeps it alive", () => {
    expect(
      idleEnvironment(
        env("dev", { environmentRequests: { since: "2026-01-01", byDay: { [window[13]]: 1 } } }),
        defaults,
        NOW,
      ),
    ).toBeNull();
    expect(
      idleEnvironment(
        env("dev", { environmentDeployments: { since: "2026-01-01", byDay: { [window[0]]: 1 } } }),
        defaults,
        NOW,
      ),
    ).toBeNull();
  });

  it("without delivery data it is medium; without request data it is nothing", () => {
    expect(idleEnvironment(env("qa", { environmentDeployments: undefined }), defaults, NOW)?.confidence).toBe("medium");
    expect(idleEnvironment(env("qa", { environmentRequests: undefined }), defaults, NOW)).toBeNull();
    expect(
      idleEnvironment(env("qa", { environmentRequests: { since: window[1], byDay: {} } }), defaults, NOW),
    ).toBeNull();
  });

  it("uses the configured names and days", () => {
    const t = parseThresholds({ nonProductionEnvironments: ["ephemeral"], idleEnvironmentDays: 3 });
    expect(
      idleEnvironment(env("ephemeral-7", { environmentRequests: { since: lastDays(3)[0], byDay: {} } }), t, NOW),
    ).not.toBeNull();
    expect(idleEnvironment(env("dev"), t, NOW)).toBeNull();
  });
});
