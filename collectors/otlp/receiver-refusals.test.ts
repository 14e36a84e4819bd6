import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Receiver } from "./receiver";
import { ingestKey, listeningReceiver, postRaw } from "./test-requests";

// What the receiver refuses, and how: the status OTLP/HTTP prescribes and a google.rpc.Status body
// naming why, for wrong methods, types, encodings, keys, sizes and damaged bodies.

let receiver: Receiver;
let small: Receiver;
let url: string;
let smallUrl: string;
let key: string;
let readOnlyKey: string;

beforeAll(async () => {
  ({ receiver, url } = await listeningReceiver(4 * 1024 * 1024));
  ({ receiver: small, url: smallUrl } = await listeningReceiver(2048));
  key = await ingestKey(["ingest:traces"]);
  readOnlyKey = await ingestKey(["read"]);
});

afterAll(async () => {
  await receiver.close();
  await small.close();
});

const post = (body: Buffer | string, headers: Record<string, string>, target = url) =>
  postRaw(target, key, body, headers);

describe("OTLP/HTTP receiver refusals", () => {
  it("refuses what OTLP says to refuse, with the right status and a google.rpc.Status body", async () => {
    const json = { "content-type": "application/json" };
    const expectStatus = async (response: Response, status: number, message: RegExp) => {
      expect(response.status).toBe(status);
      const body = await response.json();
      expect(body.message).toMatch(message);
    };
    await expectStatus(await fetch(url, { headers: { authorization: `Bearer ${key}` } }), 405, /GET is not allowed/);
    await expectStatus(await post("x", { "content-type": "text/plain" }), 415, /text\/plain is not supported/);
    await expectStatus(await post("{nope", json), 400, /not JSON/);
    await expectStatus(await fetch(url, { method: "POST", body: "{}", headers: json }), 401, /send an API key/);
    await expectStatus(
      await post("{}", { ...json, authorization: `Bearer ${readOnlyKey}` }),
      401,
      /lacks the ingest:traces scope/,
    );
    await expectStatus(await post("{}", { ...json, authorization: "Bearer vgl_made_up" }), 401, /send an API key/);
    await expectStatus(await post("{}", { ...json, "content-encoding": "br" }), 415, /Content-Encoding br/);
    await expectStatus(
      await post(zlib.gzipSync("{}").subarray(0, 5), { ...json, "content-encoding": "gzip" }),
      400,
      /not valid gzip/,
    );
    await expectStatus(await post(" ".repeat(4096), json, smallUrl), 413, /over the limit of 2048 bytes/);
    await expectStatus(
      await post(zlib.gzipSync(" ".repeat(100_000)), { ...json, "content-encoding": "gzip" }, smallUrl),
      413,
      /once decompressed/,
    );
    const proto = await post(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]), {
      "content-type": "application/x-protobuf",
    });
    expect(proto.status).toBe(400);
    expect(proto.headers.get("content-type")).toBe("application/x-protobuf");
  });

  it("answers mutated bodies with 200 or 400, never a 500", async () => {
    const seed = fs.readFileSync(path.join(import.meta.dirname, "fixtures/trace.protobuf-bin"));
    const statuses = new Map<number, number>();
    for (let i = 0; i < 500; i++) {
      const body = Buffer.from(seed);
      for (let j = 0; j <= i % 6; j++) body[(i * 7919 + j * 104_729) % body.length] = (i * 31 + j * 17) % 256;
      const response = await post(body.subarray(0, body.length - (i % 3 === 0 ? i % 40 : 0)), {
        "content-type": "application/x-protobuf",
      });
      await response.arrayBuffer();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
    expect([...statuses.keys()].every((status) => status === 200 || status === 400)).toBe(true);
    expect(statuses.get(400)).toBeGreaterThan(0);
  });
});
