import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/access/api-keys";
import { systemCtx } from "@/lib/context";
import { pool } from "@/lib/db";
import { uniqueName } from "@/test/factories";
import { usePrivateDatabase } from "@/test/private-database";
import { createReceiver, type Receiver } from "./receiver";
import { goodSpan, request, send } from "./test-requests";

// The receiver's in-flight slots, with real sockets: a slow sender holds no slot, and one key
// holds at most three quarters of them. A database of this file's own, because the test holds a lock on
// span_resource to keep requests in their slots.

let receiver: Receiver;
let port: number;
let url: string;

beforeAll(async () => {
  await usePrivateDatabase("otlp_slots");
  receiver = createReceiver({
    port: 0,
    host: "127.0.0.1",
    maxBodyBytes: 1024 * 1024,
    retentionDays: 15,
    maxInFlight: 4,
    bodyTimeoutMs: 1500,
  });
  port = await receiver.listen();
  url = `http://127.0.0.1:${port}/v1/traces`;
}, 60_000);

afterAll(() => receiver.close());

const newKey = async (label: string) =>
  (await createApiKey(systemCtx("test"), { name: uniqueName(label), scopes: ["ingest:traces"] })).key;

/** A client that sends its headers and one byte of a 1,000-byte body, then nothing; what it got back. */
function slowSender(key: string): { socket: net.Socket; answer: Promise<string> } {
  const socket = net.connect(port, "127.0.0.1");
  socket.write(
    `POST /v1/traces HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${key}\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{`,
  );
  let received = "";
  socket.on("data", (chunk) => (received += chunk.toString()));
  const answer = new Promise<string>((resolve) => socket.on("close", () => resolve(received)));
  socket.on("error", () => {});
  return { socket, answer };
}

describe("the receiver's in-flight slots", () => {
  it("serves other clients while 20 slow senders hold one byte each, and cuts the slow ones off with 408", async () => {
    const slowKey = await newKey("slow");
    const key = await newKey("prompt");
    const slow = Array.from({ length: 20 }, () => slowSender(slowKey));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = Date.now();
    const answer = await send(url, key, request(uniqueName("prompt"), [goodSpan("served")]), "json");
    expect(answer.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);
    // Past the body deadline each slow sender gets 408, and its connection is closed.
    const answers = await Promise.all(slow.map((sender) => sender.answer));
    for (const text of answers) expect(text).toMatch(/^HTTP\/1\.1 408 [^]*the body did not arrive within 1\.5 s/);
  }, 20_000);

  it("keeps one key to three quarters of the slots: its excess gets 503, another key is served", async () => {
    const flooding = await newKey("flood");
    const other = await newKey("other");
    const otherService = uniqueName("other");
    // The other key's resource is stored first, so its next request does not wait on the lock.
    expect((await send(url, other, request(otherService, [goodSpan("first")]), "json")).status).toBe(200);
    const lock = await pool().connect();
    try {
      await lock.query("BEGIN");
      await lock.query("LOCK TABLE span_resource IN EXCLUSIVE MODE");
      // Each flooding request has a new resource: those in a slot wait on the lock, holding it.
      const statuses: number[] = [];
      const flood = Array.from({ length: 6 }, (_, i) =>
        send(url, flooding, request(uniqueName(`flood-${i}`), [goodSpan("flood")]), "json").then((answer) =>
          statuses.push(answer.status),
        ),
      );
      for (let i = 0; i < 100 && statuses.length < 3; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(statuses).toEqual([503, 503, 503]);
      expect((await send(url, other, request(otherService, [goodSpan("second")]), "json")).status).toBe(200);
      await lock.query("COMMIT");
      await Promise.all(flood);
      expect(statuses.slice(3)).toEqual([200, 200, 200]);
    } finally {
      await lock.query("ROLLBACK").catch(() => {});
      lock.release();
    }
  }, 20_000);
});
