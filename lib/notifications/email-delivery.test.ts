import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { roleCtx, uniqueName } from "@/test/factories";
import { testNotice } from "@/test/notification-hooks";
import { createChannel } from "./create-channel";
import { deliverDue } from "./deliver-due";
import { notify } from "./notify";

// A tiny SMTP server (RFC 5321 without extensions) that nodemailer really talks to. It refuses
// recipients at reject.example (550) and defers those at busy.example (451), and keeps each message.
interface Mail {
  from: string;
  to: string[];
  data: string;
}
const mails: Mail[] = [];
let server: net.Server;

function reply(command: string, line: string): string {
  if (command === "EHLO" || command === "HELO") return "250 test.smtp";
  if (command === "RCPT" && line.includes("@reject.example")) return "550 5.1.1 no such user";
  if (command === "RCPT" && line.includes("@busy.example")) return "451 4.3.0 try again later";
  if (command === "DATA") return "354 end with .";
  if (command === "QUIT") return "221 bye";
  return "250 ok";
}

function session(socket: net.Socket): void {
  let mail: Mail = { from: "", to: [], data: "" };
  let inData = false;
  let buffer = "";
  const say = (line: string) => socket.write(`${line}\r\n`);
  say("220 test.smtp ready");
  socket.on("data", (chunk) => {
    buffer += chunk.toString("utf8");
    let end: number;
    while ((end = buffer.indexOf("\r\n")) >= 0) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (inData) {
        if (line === ".") {
          inData = false;
          mails.push(mail);
          mail = { from: "", to: [], data: "" };
          say("250 2.0.0 queued as test");
        } else mail.data += `${line.startsWith("..") ? line.slice(1) : line}\n`;
        continue;
      }
      const command = line.slice(0, 4).toUpperCase();
      if (command === "MAIL") mail.from = line;
      if (command === "RCPT" && !/@(reject|busy)\.example/.test(line)) mail.to.push(line);
      if (command === "DATA") inData = true;
      say(reply(command, line));
      if (command === "QUIT") socket.end();
    }
  });
  socket.on("error", () => {});
}

beforeAll(async () => {
  server = net.createServer(session);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  // Read by lib/env.ts on first use, which comes after this in this test file's own process.
  process.env.VIGIL_SMTP_URL = `smtp://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  process.env.VIGIL_SMTP_FROM = "vigil@example.com";
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const admin = roleCtx("admin");

async function emailTo(to: string[]) {
  const service = uniqueName("svc");
  const channel = await createChannel(admin, {
    name: uniqueName("mail"),
    kind: "email",
    to,
    routing: { services: [service] },
  });
  const notice = testNotice(service, { title: "checkout budget burning", summary: "Burn rate 14.4x" });
  await notify(admin, notice);
  const [outcome] = await deliverDue(admin, { channelId: channel.id });
  return { outcome, notice, channel };
}

describe("e-mail channels over SMTP (nodemailer against a local SMTP server)", () => {
  it("sends a plain-text message from VIGIL_SMTP_FROM to every recipient", async () => {
    const before = mails.length;
    const { outcome, notice } = await emailTo(["sre@example.com", "lead@example.com"]);
    expect(outcome).toMatchObject({ outcome: "sent", status: 250, error: null });
    expect(mails.length).toBe(before + 1);
    const mail = mails.at(-1)!;
    expect(mail.from).toContain("<vigil@example.com>");
    expect(mail.to.map((line) => /<(.*)>/.exec(line)?.[1])).toEqual(["sre@example.com", "lead@example.com"]);
    expect(mail.data).toContain("Subject: [Vigil] [FIRING page] checkout budget burning");
    expect(mail.data).toContain("Burn rate 14.4x");
    expect(mail.data).toContain(`Alert key: ${notice.key}`);
    expect(mail.data).toContain("https://vigil.example.com/slos/1");
  });

  it("gives up on a permanent refusal (5xx) and retries a temporary one (4xx)", async () => {
    const refused = await emailTo(["nobody@reject.example"]);
    expect(refused.outcome.outcome).toBe("failed");
    expect(refused.outcome.status).toBe(550);
    expect(refused.outcome.error).toContain("SMTP 550");
    const deferred = await emailTo(["someone@busy.example"]);
    expect(deferred.outcome.outcome).toBe("retry");
    expect(deferred.outcome.status).toBe(451);
  });

  it("refuses recipients that are not e-mail addresses, naming the field", async () => {
    await expect(
      createChannel(admin, { name: uniqueName("mail"), kind: "email", to: ["not an address"] }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/^to\.0: must be e-mail addresses/) });
    await expect(createChannel(admin, { name: uniqueName("mail"), kind: "email", to: [] })).rejects.toMatchObject({
      status: 400,
      message: "to: must hold 1 to 20 e-mail addresses",
    });
  });
});
