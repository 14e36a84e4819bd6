import { randomInt, randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/delivery/gitlab/route";
import { withField } from "@/collectors/delivery/adversarial-cases";
import { DEFAULT_GITLAB_CONFIG } from "@/collectors/delivery/gitlab-config";
import { GITLAB_ROUTE, ingestGitLab, MAX_GITLAB_BYTES } from "@/collectors/delivery/ingest-gitlab";
import { closeDb } from "@/lib/db";
import { listDeployments } from "@/lib/delivery/list-deployments";
import { listIncidents } from "@/lib/delivery/list-incidents";
import { listRejectedEvents } from "@/lib/delivery/rejected-events";
import { signedRoute } from "@/lib/http/api-route";
import { roleCtx, uniqueName } from "@/test/factories";
import { deliveryFixture, expectRejected, postTo, rejection } from "@/test/delivery-webhooks";

// GitLab's documented webhook bodies (docs.gitlab.com webhook events) through the real handler,
// with the secret token as GitLab sends it: each event recorded once, others ignored saying why,
// a missing or wrong token 401 and never stored.
const TOKEN = "gitlab-webhook-token-for-tests";
process.env.VIGIL_GITLAB_WEBHOOK_TOKEN = TOKEN;
process.env.VIGIL_GITLAB_INCIDENT_LABEL = "outage";
const SERVICE = uniqueName("gl-hello");
const LINKED = uniqueName("gl-linked");
process.env.VIGIL_GITLAB_SERVICES = [
  `root/test-deployment-webhooks=${SERVICE}`,
  `gitlabhq/gitlab-test=${SERVICE}`,
  `acme/linked=${LINKED}`,
].join(",");

const PATH = "/api/v1/delivery/gitlab";
type Body = Record<string, unknown>;

function deliver(event: string, body: unknown, headers: Record<string, string> = {}) {
  return postTo(POST, PATH, typeof body === "string" ? body : JSON.stringify(body), {
    "x-gitlab-event": event,
    "x-gitlab-event-uuid": randomUUID(),
    "x-gitlab-token": TOKEN,
    ...headers,
  });
}

const set = (body: unknown, fields: [string[], unknown][]) =>
  fields.reduce((copy, [path, value]) => withField(copy, path, value), body) as Body;
const deployment = () =>
  set(deliveryFixture("gitlab-deployment.json"), [
    [["deployment_id"], randomInt(1, 2 ** 40)],
    [["environment"], "production"],
    [["environment_tier"], "production"],
  ]);
const merged = () =>
  set(deliveryFixture("gitlab-merge-request.json"), [
    [["object_attributes", "iid"], randomInt(1, 2 ** 40)],
    [["object_attributes", "action"], "merge"],
    [["object_attributes", "state"], "merged"],
    [["object_attributes", "updated_at"], "2013-12-04 09:00:00 UTC"],
  ]);
const incident = () =>
  set(deliveryFixture("gitlab-issue.json"), [
    [["object_attributes", "iid"], randomInt(1, 2 ** 40)],
    [["labels"], [{ title: "Outage" }]],
  ]);
const outcomeOf = async (response: Response) => [response.status, ((await response.json()) as Body).outcome];

describe("POST /api/v1/delivery/gitlab (PostgreSQL)", () => {
  afterAll(closeDb);

  it("records a deployment once: 201 created, the same delivery again 200 unchanged, failed 200 updated", async () => {
    const body = deployment();
    const first = await deliver("Deployment Hook", body);
    expect(first.status).toBe(201);
    const { id } = (await first.json()) as { id: string };
    expect(await (await deliver("Deployment Hook", body)).json()).toEqual({
      id,
      outcome: "unchanged",
      budgetExhausted: false,
    });
    const failed = await deliver("Deployment Hook", { ...body, status: "failed" });
    expect(await failed.json()).toEqual({ id, outcome: "updated", budgetExhausted: false });
    const { items } = await listDeployments(roleCtx("viewer"), { service: SERVICE, limit: 200 });
    expect(items.find((item) => item.externalId === String(body.deployment_id))).toMatchObject({
      source: "gitlab",
      service: SERVICE,
      environment: "PRODUCTION",
      result: "FAILURE",
      finishedAt: new Date("2021-04-28T19:50:00Z"),
    });
  });

  it("records a merged merge request and a labelled issue once each, and a close updates the incident", async () => {
    const pull = merged();
    expect(await outcomeOf(await deliver("Merge Request Hook", pull))).toEqual([201, "created"]);
    expect(await outcomeOf(await deliver("Merge Request Hook", pull))).toEqual([200, "unchanged"]);
    const issue = incident();
    expect(await outcomeOf(await deliver("Issue Hook", issue))).toEqual([201, "created"]);
    expect(await outcomeOf(await deliver("Issue Hook", issue))).toEqual([200, "unchanged"]);
    const closed = set(issue, [
      [["object_attributes", "state"], "closed"],
      [["object_attributes", "action"], "close"],
      [["object_attributes", "closed_at"], "2013-12-03 19:15:43 UTC"],
    ]);
    expect(await outcomeOf(await deliver("Issue Hook", closed))).toEqual([200, "updated"]);
  });

  it("links an incident to the last successful production deployment of its service before it", async () => {
    const shipped = set(deployment(), [[["project", "path_with_namespace"], "acme/linked"]]);
    expect((await deliver("Deployment Hook", shipped)).status).toBe(201);
    const issue = set(incident(), [
      [["project", "path_with_namespace"], "acme/linked"],
      [["object_attributes", "type"], "Incident"],
      [["labels"], []],
      [["object_attributes", "created_at"], "2021-04-28 22:30:00 +0200"],
    ]);
    expect(await outcomeOf(await deliver("Issue Hook", issue))).toEqual([201, "created"]);
    const { items } = await listDeployments(roleCtx("viewer"), { service: LINKED, limit: 10 });
    const incidents = await listIncidents(roleCtx("viewer"), { service: LINKED, limit: 10 });
    expect(incidents.items).toHaveLength(1);
    expect(incidents.items[0]).toMatchObject({
      source: "gitlab",
      status: "TODO",
      severity: "high",
      linkedDeploymentId: items[0]!.id,
    });
  });

  it("records the commits of a push (GitLab's example pushes two)", async () => {
    const response = await deliver("Push Hook", deliveryFixture("gitlab-push.json"));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ recorded: 2 });
  });

  it.each([
    ["a running deployment", "Deployment Hook", () => ({ ...deployment(), status: "running" }), /running/],
    ["a canceled deployment", "Deployment Hook", () => ({ ...deployment(), status: "canceled" }), /canceled/],
    ["an issue without the label", "Issue Hook", () => deliveryFixture("gitlab-issue.json"), /"outage" label/],
    ["an opened merge request", "Merge Request Hook", () => deliveryFixture("gitlab-merge-request.json"), /open/],
    ["a pipeline event", "Pipeline Hook", () => ({ object_kind: "pipeline" }), /Pipeline Hook/],
  ])("answers %s 202 with the reason it is ignored", async (_, event, body, reason) => {
    const response = await deliver(event, body());
    expect(response.status).toBe(202);
    expect(((await response.json()) as { ignored: string }).ignored).toMatch(reason);
  });

  it.each([
    ["no token", { "x-gitlab-token": "" }, /is missing/],
    ["another token", { "x-gitlab-token": `${TOKEN}x` }, /does not match/],
    ["the token in another case", { "x-gitlab-token": TOKEN.toUpperCase() }, /does not match/],
  ])("refuses %s with 401, stores nothing and counts it", async (_, headers, reason) => {
    const id = randomUUID();
    const body = deployment();
    const response = await deliver("Deployment Hook", body, { "x-gitlab-event-uuid": id, ...headers });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(reason);
    const after = await listRejectedEvents(roleCtx("admin"), { limit: 200 });
    expect(after.items.filter((item) => item.deliveryId === id)).toEqual([]);
    expect(after.signatureFailures.find((f) => f.route === GITLAB_ROUTE)?.lastReason).toMatch(reason);
    const { items } = await listDeployments(roleCtx("viewer"), { service: SERVICE, limit: 200 });
    expect(items.some((item) => item.externalId === String(body.deployment_id))).toBe(false);
  });

  it.each([
    ["a missing event header", "", deployment(), "X-Gitlab-Event"],
    ["a bad event name", "Push Hook; rm", deployment(), "X-Gitlab-Event"],
    ["a body of another event", "Deployment Hook", deliveryFixture("gitlab-push.json"), "object_kind"],
    ["a deployment id of 2^53", "Deployment Hook", { ...deployment(), deployment_id: 2 ** 53 }, "deployment_id"],
    ["a NUL in the environment", "Deployment Hook", { ...deployment(), environment: "prod\0" }, "environment"],
    [
      "a commit_url of another commit",
      "Deployment Hook",
      { ...deployment(), commit_url: `http://example.com/a/b/-/commit/${"f".repeat(40)}` },
      "commit_url",
    ],
    [
      "a lone surrogate in a commit message",
      "Push Hook",
      set(deliveryFixture("gitlab-push.json"), [
        [["commits"], [{ id: "abcdef0", message: "\uD800", timestamp: "2012-01-03T23:36:29+02:00" }]],
      ]),
      "commits.0.message",
    ],
    [
      "a closed incident without closed_at",
      "Issue Hook",
      set(incident(), [[["object_attributes", "state"], "closed"]]),
      "object_attributes.closed_at",
    ],
    ["a malformed body", "Push Hook", "{not json", "(body)"],
    ["an empty body", "Push Hook", "", "(body)"],
    ["a JSON list", "Push Hook", "[]", "(body)"],
  ])("refuses %s: 400 naming %s, kept with the event uuid", async (_, event, body, field) => {
    const id = randomUUID();
    const stored = await expectRejected(await deliver(event, body, { "x-gitlab-event-uuid": id }), field);
    expect(stored).toMatchObject({ source: "gitlab", deliveryId: id, sender: "gitlab token", route: GITLAB_ROUTE });
    expect(stored.event).toBe(event || null);
  });

  it("records the next good delivery after a bad one", async () => {
    expect((await deliver("Deployment Hook", { ...deployment(), deployment_id: -1 })).status).toBe(400);
    expect((await deliver("Deployment Hook", deployment())).status).toBe(201);
  });

  it("answers a body over GitLab's 25 MB cap 413 and keeps it, without its bytes", async () => {
    const id = randomUUID();
    const huge = `{"object_kind":"push","pad":"${"x".repeat(MAX_GITLAB_BYTES)}"}`;
    const response = await deliver("Push Hook", huge, { "x-gitlab-event-uuid": id });
    expect(response.status).toBe(413);
    const body = (await response.json()) as { error: { code: string; field: string }; rejectedId: string };
    expect(body.error).toMatchObject({ code: "payload_too_large", field: "(body)" });
    expect(await rejection(body.rejectedId)).toMatchObject({ deliveryId: id, bodyExcerpt: "", source: "gitlab" });
  });

  it("accepts a token beyond ASCII as GitLab sends it, its UTF-8 bytes", async () => {
    const token = "jeton-secret-clé-✓";
    const handler = signedRoute(GITLAB_ROUTE, (info, request) =>
      ingestGitLab(info, request, { token, config: DEFAULT_GITLAB_CONFIG }),
    );
    const send = (header: string) =>
      postTo(
        handler,
        PATH,
        { object_kind: "pipeline" },
        { "x-gitlab-event": "Pipeline Hook", "x-gitlab-token": header },
      );
    expect((await send(Buffer.from(token, "utf8").toString("latin1"))).status).toBe(202);
    expect((await send(Buffer.from("jeton-secret-cle-✓", "utf8").toString("latin1"))).status).toBe(401);
  });

  it("answers 503 naming the setting when no token is configured, before looking at the token", async () => {
    const handler = signedRoute(GITLAB_ROUTE, (info, request) =>
      ingestGitLab(info, request, { token: undefined, config: DEFAULT_GITLAB_CONFIG }),
    );
    const response = await postTo(handler, PATH, deployment(), { "x-gitlab-event": "Deployment Hook" });
    expect(response.status).toBe(503);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/VIGIL_GITLAB_WEBHOOK_TOKEN/);
  });
});
