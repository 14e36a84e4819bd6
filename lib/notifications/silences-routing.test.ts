import { afterEach, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { roleCtx, uniqueName } from "@/test/factories";
import { hookServer, testNotice } from "@/test/notification-hooks";
import { createChannel } from "./create-channel";
import { createSilence } from "./create-silence";
import { deliverDue } from "./deliver-due";
import { expireSilence } from "./expire-silence";
import { listDeliveries } from "./list-deliveries";
import { listSilences } from "./list-silences";
import { notify } from "./notify";
import type { Routing } from "./schemas";

const admin = roleCtx("admin");
const sre = roleCtx("sre");
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

async function channelWith(routing: Partial<Routing>) {
  const server = await hookServer([200]);
  closers.push(server.close);
  const channel = await createChannel(admin, {
    name: uniqueName("route"),
    kind: "webhook",
    url: server.url,
    secret: "a-long-enough-secret-123",
    routing,
  });
  return { server, channel };
}

async function auditOf(action: string, targetId: string) {
  const { rows } = await pool().query(
    "SELECT actor_label, reason, summary FROM audit_entry WHERE action = $1 AND target_id = $2",
    [action, targetId],
  );
  return rows;
}

describe("routing by service, team and severity", () => {
  it("sends a notice only to channels whose every set rule matches it", async () => {
    const service = uniqueName("svc");
    const team = uniqueName("team");
    const byService = await channelWith({ services: [service, "other"] });
    const byTeamPages = await channelWith({ services: [service], teams: [team], severities: ["page"] });
    const ticketsOnly = await channelWith({ services: [service], severities: ["ticket", "info"] });
    const otherTeam = await channelWith({ services: [service], teams: ["not-" + team] });

    expect(await notify(admin, testNotice(service, { team, severity: "page" }))).toEqual({ queued: 2, silenced: 0 });
    expect(await notify(admin, testNotice(service, { team: null, severity: "ticket" }))).toEqual({
      queued: 2,
      silenced: 0,
    });
    for (const { channel } of [byService, byTeamPages, ticketsOnly, otherTeam])
      await deliverDue(admin, { channelId: channel.id });
    const severities = (received: { body: string }[]) => received.map((r) => JSON.parse(r.body).severity);
    expect(severities(byService.server.received).sort()).toEqual(["page", "ticket"]);
    expect(severities(byTeamPages.server.received)).toEqual(["page"]);
    expect(severities(ticketsOnly.server.received)).toEqual(["ticket"]);
    expect(otherTeam.server.received).toEqual([]);
  });

  it("skips disabled channels", async () => {
    const service = uniqueName("svc");
    await createChannel(admin, {
      name: uniqueName("off"),
      kind: "slack",
      url: "http://127.0.0.1:9/off",
      routing: { services: [service] },
      enabled: false,
    });
    expect(await notify(admin, testNotice(service))).toEqual({ queued: 0, silenced: 0 });
  });
});

describe("silences", () => {
  it("records matching notices as silenced and sends nothing until the silence is expired; both audited", async () => {
    const service = uniqueName("svc");
    const { server, channel } = await channelWith({ services: [service] });
    const silence = await createSilence(sre, {
      matchers: { services: [service], severities: ["page"] },
      endsAt: inAnHour(),
      reason: "planned failover drill",
    });
    expect(silence).toMatchObject({
      active: true,
      createdBy: "sre@test.vigil.local",
      reason: "planned failover drill",
    });

    expect(await notify(admin, testNotice(service, { severity: "page" }))).toEqual({ queued: 0, silenced: 1 });
    // The silence names page only: a ticket still goes out.
    expect(await notify(admin, testNotice(service, { severity: "ticket" }))).toEqual({ queued: 1, silenced: 0 });
    await deliverDue(admin, { channelId: channel.id });
    expect(server.received.map((r) => JSON.parse(r.body).severity)).toEqual(["ticket"]);
    const silenced = (await listDeliveries(admin, { channel: channel.id, state: "silenced" })).items;
    expect(silenced).toHaveLength(1);
    expect(silenced[0]).toMatchObject({ severity: "page", attempts: 0, log: [] });

    const created = await auditOf("notification_silence.create", silence.id);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ actor_label: "sre@test.vigil.local", reason: "planned failover drill" });
    expect(created[0].summary.after.matchers.services).toEqual([service]);

    const expired = await expireSilence(sre, silence.id, "drill over");
    expect(expired).toMatchObject({ active: false, expiredBy: "sre@test.vigil.local" });
    expect(await auditOf("notification_silence.expire", silence.id)).toMatchObject([{ reason: "drill over" }]);
    expect(await notify(admin, testNotice(service, { severity: "page" }))).toEqual({ queued: 1, silenced: 0 });
    await expect(expireSilence(sre, silence.id)).rejects.toMatchObject({ status: 409 });
    const listed = (await listSilences(roleCtx("viewer"))).find((s) => s.id === silence.id);
    expect(listed?.expiredAt).not.toBeNull();
  });

  it("matches by alert key, and a silence that has ended holds nothing back", async () => {
    const service = uniqueName("svc");
    await channelWith({ services: [service] });
    const notice = testNotice(service);
    await createSilence(sre, { matchers: { keys: [notice.key] }, endsAt: inAnHour(), reason: "known" });
    expect(await notify(admin, notice)).toEqual({ queued: 0, silenced: 1 });
    expect(await notify(admin, testNotice(service))).toEqual({ queued: 1, silenced: 0 });
    const other = testNotice(service);
    const ended = await createSilence(sre, { matchers: { keys: [other.key] }, endsAt: inAnHour(), reason: "x" });
    await pool().query("UPDATE notification_silence SET ends_at = now() - interval '1 second' WHERE id = $1", [
      ended.id,
    ]);
    expect(await notify(admin, other)).toEqual({ queued: 1, silenced: 0 });
  });

  it("is refused without matchers, in the past, too far ahead, or for a viewer", async () => {
    const base = { matchers: { services: ["x"] }, endsAt: inAnHour(), reason: "r" };
    await expect(createSilence(sre, { ...base, matchers: {} })).rejects.toMatchObject({
      status: 400,
      message: "matchers: must name at least one service, team, severity or key",
    });
    await expect(createSilence(sre, { ...base, endsAt: "2020-01-01T00:00:00Z" })).rejects.toMatchObject({
      status: 400,
      message: "endsAt: must be in the future",
    });
    await expect(createSilence(sre, { ...base, endsAt: "2999-01-01T00:00:00Z" })).rejects.toMatchObject({
      status: 400,
      message: "endsAt: must be at most 90 days ahead",
    });
    await expect(createSilence(sre, { ...base, reason: "" })).rejects.toMatchObject({ status: 400 });
    await expect(createSilence(roleCtx("viewer"), base)).rejects.toMatchObject({ status: 403 });
  });
});
