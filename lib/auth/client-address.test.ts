import { describe, expect, it } from "vitest";
import { addressList, clientAddress, isLoopback, normalizeAddress } from "./client-address";
import { requestInfo, runWithPeer } from "./request-scope";

const NONE = addressList([]);
const PROXIES = addressList(["10.0.0.0/8", "192.0.2.1", "2001:db8::/32"]);

describe("the client address", () => {
  it.each([
    // peer, X-Forwarded-For, trusted proxies, client
    ["203.0.113.7", null, NONE, "203.0.113.7"],
    ["203.0.113.7", "1.2.3.4", NONE, "203.0.113.7"],
    ["::ffff:203.0.113.7", "1.2.3.4", NONE, "203.0.113.7"],
    ["10.1.2.3", "198.51.100.4", PROXIES, "198.51.100.4"],
    ["10.1.2.3", "1.1.1.1, 198.51.100.4", PROXIES, "198.51.100.4"],
    ["10.1.2.3", "1.1.1.1, 198.51.100.4, 10.9.9.9", PROXIES, "198.51.100.4"],
    ["::ffff:10.1.2.3", "192.0.2.1,198.51.100.4", PROXIES, "198.51.100.4"],
    ["2001:db8::1", "[2001:DB8::2], 2a00:1450::1", PROXIES, "2a00:1450::1"],
    ["10.1.2.3", "10.2.2.2, 10.3.3.3", PROXIES, "10.2.2.2"],
    ["10.1.2.3", "evil, 10.3.3.3", PROXIES, "10.3.3.3"],
    ["10.1.2.3", "", PROXIES, "10.1.2.3"],
    ["10.1.2.3", null, PROXIES, "10.1.2.3"],
    [null, "198.51.100.4", PROXIES, null],
    ["not an address", "198.51.100.4", PROXIES, null],
  ] as const)("peer %s with X-Forwarded-For %j is %s", (peer, forwarded, trusted, client) => {
    expect(clientAddress(peer, forwarded, trusted)).toBe(client);
  });

  it.each([
    ["127.0.0.1", true],
    ["127.255.0.9", true],
    ["::1", true],
    ["::ffff:127.0.0.1", true],
    ["[::1]", true],
    ["128.0.0.1", false],
    ["::2", false],
    ["0.0.0.0", false],
    ["localhost", false],
    [null, false],
  ] as const)("%s is loopback: %s", (address, loopback) => {
    expect(isLoopback(address)).toBe(loopback);
  });

  it("normalizes only real addresses", () => {
    expect(normalizeAddress(" ::FFFF:192.0.2.1 ")).toBe("192.0.2.1");
    expect(normalizeAddress("2001:DB8::1")).toBe("2001:db8::1");
    expect(normalizeAddress("1.2.3.4:80")).toBeNull();
    expect(normalizeAddress("=HYPERLINK(1)")).toBeNull();
  });
});

describe("what a request tells the audit trail", () => {
  it("takes the socket peer, never a header, when no trusted proxy is in between", () => {
    const headers = new Headers({ "x-forwarded-for": "1.2.3.4", "x-request-id": "req-1" });
    expect(runWithPeer("198.51.100.20", () => requestInfo(headers))).toEqual({
      requestId: "req-1",
      sourceIp: "198.51.100.20",
    });
    expect(requestInfo(headers)).toEqual({ requestId: "req-1", sourceIp: null });
  });

  it("replaces a request id that is not a short printable token", () => {
    for (const sent of ["x".repeat(101), "has space", "tab\there", "ünïcode"]) {
      const { requestId } = requestInfo(new Headers({ "x-request-id": sent }));
      expect(requestId, sent).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
