import { randomInt, randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/delivery/github/route";
import { withField } from "@/collectors/delivery/adversarial-cases";
import { DEFAULT_GITHUB_CONFIG } from "@/collectors/delivery/github-config";
import { GITHUB_ROUTE, ingestGitHub } from "@/collectors/delivery/ingest-github";
import { closeDb } from "@/lib/db";
import { listDeployments } from "@/lib/delivery/list-deployments";
import { listRejectedEvents } from "@/lib/delivery/rejected-events";
import { signedRoute } from "@/lib/http/api-route";
import { roleCtx, uniqueName } from "@/test/factories";
import { deliveryFixture, expectRejected, hmacHex, postTo } from "@/test/delivery-webhooks";

// GitHub's documented webhook bodies (octokit/webhooks examples) through the real handler, signed
// as GitHub signs them: each event recorded, pings ignored, bad signatures 401 and never stored.
const SECRET = "github-webhook-secret-for-tests";
process.env.VIGIL_GITHUB_WEBHOOK_SECRET = SECRET;
process.env.VIGIL_GITHUB_INCIDENT_LABEL = "outage";
const SERVICE = uniqueName("hello");
process.env.VIGIL_GITHUB_SERVICES = `Codertocat/Hello-World=${SERVICE}`;

const PATH = "/api/v1/delivery/github";

function deliver(event: string, body: unknown, headers: Record<string, string> = {}) {
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  return postTo(POST, PATH, raw, {
    "x-github-event": event,
    "x-github-delivery": randomUUID(),
    "x-hub-signature-256": `sha256=${hmacHex(raw, SECRET)}`,
    ...headers,
  });
}

const status = () =>
  withField(deliveryFixture("github-deployment-status.json"), ["deployment", "id"], randomInt(1, 2 ** 40));
const mergedPull = () => {
  let body: unknown = deliveryFixture("github-pull-request-closed.json");
  body = withField(body, ["number"], randomInt(1, 2 ** 40));
  body = withField(body, ["pull_request", "number"], randomInt(1, 2 ** 40));
  body = withField(body, ["pull_request", "merged"], true);
  return withField(body, ["pull_request", "merged_at"], "2019-05-15T15:21:18Z");
};
const incidentIssue = () => {
  const body = withField(deliveryFixture("github-issues-opened.json"), ["issue", "labels"], [{ name: "Outage" }]);
  return withField(body, ["issue", "html_url"], `https://github.com/Codertocat/Hello-World/issues/${uniqueName("i")}`);
};

describe("POST /api/v1/delivery/github (PostgreSQL)", () => {
  afterAll(closeDb);

  it("records a deployment_status once: 201 created, the same delivery again 200 unchanged", async () => {
    const body = status();
    const first = await deliver("deployment_status", body);
    expect(first.status).toBe(201);
    const { id, outcome } = (await first.json()) as { id: string; outcome: string };
    expect(outcome).toBe("created");
    expect(await (await deliver("deployment_status", body)).json()).toEqual({
      id,
      outcome: "unchanged",
      budgetExhausted: false,
    });
    const { items } = await listDeployments(roleCtx("viewer"), { service: SERVICE, limit: 200 });
    const stored = items.find(
      (item) => item.externalId === String((body as { deployment: { id: number } }).deployment.id),
    );
    expect(stored).toMatchObject({ source: "github", service: SERVICE, environment: "PRODUCTION", result: "SUCCESS" });
  });

  it("records a merged pull_request and an issue with the configured incident label", async () => {
    const pull = await deliver("pull_request", mergedPull());
    expect([pull.status, ((await pull.json()) as { outcome: string }).outcome]).toEqual([201, "created"]);
    const issue = await deliver("issues", incidentIssue());
    expect([issue.status, ((await issue.json()) as { outcome: string }).outcome]).toEqual([201, "created"]);
  });

  it("records the commits of a push (GitHub's example pushes one)", async () => {
    const response = await deliver("push", deliveryFixture("github-push.json"));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ recorded: 1 });
  });

  it.each([
    ["a ping", "ping", { zen: "Design for failure.", hook_id: 1 }, /ping/],
    [
      "a pending status",
      "deployment_status",
      withField(status(), ["deployment_status", "state"], "pending"),
      /pending/,
    ],
    ["an issue without the label", "issues", deliveryFixture("github-issues-opened.json"), /outage/],
    [
      "a pull request closed unmerged",
      "pull_request",
      deliveryFixture("github-pull-request-closed.json"),
      /not merged/,
    ],
  ])("answers %s 202 with the reason it is ignored", async (_, event, body, reason) => {
    const response = await deliver(event, body);
    expect(response.status).toBe(202);
    expect(((await response.json()) as { ignored: string }).ignored).toMatch(reason);
  });

  it.each([
    ["no signature", { "x-hub-signature-256": "" }, /is missing/],
    ["another secret's signature", { "x-hub-signature-256": `sha256=${hmacHex("{}", "other")}` }, /does not match/],
    ["a sha1 signature", { "x-hub-signature-256": `sha1=${"a".repeat(40)}` }, /sha256=/],
  ])("refuses %s with 401, stores nothing and counts it", async (_, headers, reason) => {
    const id = randomUUID();
    const response = await deliver("deployment_status", status(), { "x-github-delivery": id, ...headers });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(reason);
    const after = await listRejectedEvents(roleCtx("admin"), { limit: 200 });
    expect(after.items.filter((item) => item.deliveryId === id)).toEqual([]);
    const counted = after.signatureFailures.find((f) => f.route === GITHUB_ROUTE);
    expect(counted?.lastReason).toMatch(reason);
  });

  it("refuses a body changed after signing with 401", async () => {
    const raw = JSON.stringify(status());
    const response = await postTo(POST, PATH, `${raw} `, {
      "x-github-event": "deployment_status",
      "x-hub-signature-256": `sha256=${hmacHex(raw, SECRET)}`,
    });
    expect(response.status).toBe(401);
  });

  it.each([
    ["a missing event header", "", status(), "X-GitHub-Event"],
    ["a bad event name", "push; rm", status(), "X-GitHub-Event"],
    [
      "a deployment id of 2^53",
      "deployment_status",
      withField(status(), ["deployment", "id"], 2 ** 53),
      "deployment.id",
    ],
    [
      "a NUL in the environment",
      "deployment_status",
      withField(status(), ["deployment_status", "environment"], "prod\0"),
      "deployment_status.environment",
    ],
    [
      "a lone surrogate in a commit message",
      "push",
      withField(
        deliveryFixture("github-push.json"),
        ["commits"],
        [{ id: "abcdef0", message: "\uD800", timestamp: "2019-05-15T15:20:30Z" }],
      ),
      "commits.0.message",
    ],
    ["a malformed body", "push", "{not json", "(body)"],
    ["an empty body", "push", "", "(body)"],
    ["a form-encoded body", "push", "payload=%7B%7D", "(body)"],
  ])("refuses %s: 400 naming %s, kept with the delivery id", async (_, event, body, field) => {
    const id = randomUUID();
    const stored = await expectRejected(await deliver(event, body, { "x-github-delivery": id }), field);
    expect(stored).toMatchObject({ source: "github", deliveryId: id, sender: "github signature", route: GITHUB_ROUTE });
  });

  it("records the next good delivery after a bad one", async () => {
    expect((await deliver("deployment_status", withField(status(), ["deployment", "id"], -1))).status).toBe(400);
    expect((await deliver("deployment_status", status())).status).toBe(201);
  });

  it("answers 503 naming the setting when no secret is configured, before reading the body", async () => {
    const handler = signedRoute(GITHUB_ROUTE, (info, request) =>
      ingestGitHub(info, request, { secret: undefined, config: DEFAULT_GITHUB_CONFIG }),
    );
    const response = await postTo(handler, PATH, status(), { "x-github-event": "ping" });
    expect(response.status).toBe(503);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/VIGIL_GITHUB_WEBHOOK_SECRET/);
  });
});
