import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { addressKind, embeddedIpv4, ipv6Bytes } from "./address-kind";
import { literalRefusal, parseAllowList, refusalReason } from "./outbound-guard";

const none = parseAllowList([]);

describe("the kind of an address", () => {
  it.each([
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "reserved"],
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["169.254.169.254", "cloud metadata"],
    ["169.254.170.2", "cloud metadata"],
    ["100.100.100.200", "cloud metadata"],
    ["192.0.0.192", "cloud metadata"],
    ["169.254.0.1", "link-local"],
    ["169.254.255.255", "link-local"],
    ["9.255.255.255", "public"],
    ["10.0.0.0", "private"],
    ["10.255.255.255", "private"],
    ["11.0.0.0", "public"],
    ["172.15.255.255", "public"],
    ["172.16.0.0", "private"],
    ["172.31.255.255", "private"],
    ["172.32.0.0", "public"],
    ["192.167.255.255", "public"],
    ["192.168.0.1", "private"],
    ["192.169.0.0", "public"],
    ["100.63.255.255", "public"],
    ["100.64.0.0", "shared (CGNAT)"],
    ["100.127.255.255", "shared (CGNAT)"],
    ["100.128.0.0", "public"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.255", "multicast"],
    ["240.0.0.1", "reserved"],
    ["255.255.255.255", "reserved"],
    ["192.0.2.10", "reserved"],
    ["198.18.0.1", "reserved"],
    ["198.51.100.7", "reserved"],
    ["203.0.113.9", "reserved"],
    ["8.8.8.8", "public"],
    ["1.1.1.1", "public"],
  ])("IPv4 %s is %s", (address, kind) => {
    expect(addressKind(address)).toBe(kind);
  });

  it.each([
    ["::", "unspecified"],
    ["0:0:0:0:0:0:0:0", "unspecified"],
    ["::1", "loopback"],
    ["0:0:0:0:0:0:0:1", "loopback"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["febf:ffff::1", "link-local"],
    ["fc00::1", "private"],
    ["fd12:3456:789a::1", "private"],
    ["fec0::1", "private"],
    ["fd00:ec2::254", "cloud metadata"],
    ["ff02::1", "multicast"],
    ["2001:db8::1", "reserved"],
    ["2001::1", "reserved"],
    ["100::1", "reserved"],
    ["3fff::1", "reserved"],
    ["4000::1", "reserved"],
    ["1fff:ffff::1", "reserved"],
    ["2606:4700:4700::1111", "public"],
    ["2a00:1450:4001::200e", "public"],
  ])("IPv6 %s is %s", (address, kind) => {
    expect(addressKind(address)).toBe(kind);
  });

  it.each([
    ["::ffff:127.0.0.1", "127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "127.0.0.1", "loopback"],
    ["0:0:0:0:0:FFFF:7F00:0001", "127.0.0.1", "loopback"],
    ["::ffff:169.254.169.254", "169.254.169.254", "cloud metadata"],
    ["::ffff:a9fe:a9fe", "169.254.169.254", "cloud metadata"],
    ["::ffff:10.1.2.3", "10.1.2.3", "private"],
    ["::ffff:0:c0a8:101", "192.168.1.1", "private"],
    ["::ffff:100.64.0.1", "100.64.0.1", "shared (CGNAT)"],
    ["::ffff:0.0.0.0", "0.0.0.0", "unspecified"],
    ["::ffff:8.8.8.8", "8.8.8.8", "public"],
    ["64:ff9b::a9fe:a9fe", "169.254.169.254", "cloud metadata"],
    ["64:ff9b::808:808", "8.8.8.8", "public"],
    ["2002:7f00:1::", "127.0.0.1", "loopback"],
    ["2002:a00:1::1", "10.0.0.1", "private"],
    ["::127.0.0.1", "127.0.0.1", "loopback"],
  ])("%s carries %s and is %s", (address, inner, kind) => {
    expect(embeddedIpv4(address)).toBe(inner);
    expect(addressKind(address)).toBe(kind);
  });

  it("reads every IPv6 spelling into the same 16 bytes, and nothing else", () => {
    const loopback = [...Array<number>(15).fill(0), 1];
    expect(ipv6Bytes("::1")).toEqual(loopback);
    expect(ipv6Bytes("0000:0000:0000:0000:0000:0000:0000:0001")).toEqual(loopback);
    expect(ipv6Bytes("::0.0.0.1")).toEqual(loopback);
    expect(ipv6Bytes("1::")).toEqual([0, 1, ...Array<number>(14).fill(0)]);
    for (const bad of ["", "1.2.3.4", "::1::", "12345::", "localhost", "::1\0", "\uD800"])
      expect(ipv6Bytes(bad)).toBeNull();
    expect(embeddedIpv4("::1")).toBeNull();
    expect(embeddedIpv4("::")).toBeNull();
    expect(embeddedIpv4("2606:4700::1")).toBeNull();
  });

  it("calls anything that is not an address reserved rather than public", () => {
    for (const bad of ["", "localhost", "1.2.3", "999.1.1.1", "::g"]) expect(addressKind(bad)).toBe("reserved");
  });
});

describe("a URL whose host is an IP literal", () => {
  it.each([
    ["http://127.0.0.1:9/hook", "127.0.0.1 is a loopback address"],
    ["http://2130706433/", "127.0.0.1 is a loopback address"],
    ["http://0x7f.1/", "127.0.0.1 is a loopback address"],
    ["http://0177.0.0.1/", "127.0.0.1 is a loopback address"],
    ["http://127.1/", "127.0.0.1 is a loopback address"],
    ["http://0x7f000001/", "127.0.0.1 is a loopback address"],
    ["http://0/", "0.0.0.0 is the unspecified address"],
    ["http://[::]/", ":: is the unspecified address"],
    ["http://[::1]:8080/x", "::1 is a loopback address"],
    ["http://[::ffff:127.0.0.1]/", "::ffff:7f00:1 is a loopback address"],
    ["http://[fe80::1]/", "fe80::1 is a link-local address"],
    ["https://10.0.0.5/relay", "10.0.0.5 is a private address"],
    ["https://100.64.1.1/", "100.64.1.1 is a shared (CGNAT) address"],
    ["http://[fd00::1]/", "fd00::1 is a private address"],
    ["http://224.0.0.1/", "224.0.0.1 is a multicast address"],
  ])("%s is refused: %s", (url, reason) => {
    expect(literalRefusal(url, none)).toBe(`refused: ${reason}; allow it with VIGIL_NOTIFY_ALLOW_PRIVATE`);
  });

  it("refuses the metadata address unless it is listed one by one", () => {
    const expected =
      "refused: 169.254.169.254 is a cloud metadata address; allow it by listing the address itself in VIGIL_NOTIFY_ALLOW_PRIVATE";
    expect(literalRefusal("http://169.254.169.254/latest/meta-data/", none)).toBe(expected);
    expect(literalRefusal("http://169.254.169.254/", parseAllowList(["169.254.0.0/16"]))).toBe(expected);
    expect(literalRefusal("http://[::ffff:a9fe:a9fe]/", parseAllowList(["169.254.0.0/16"]))).toContain("metadata");
    expect(literalRefusal("http://169.254.169.254/", parseAllowList(["169.254.169.254"]))).toBeNull();
    expect(literalRefusal("http://169.254.1.1/", parseAllowList(["169.254.0.0/16"]))).toBeNull();
  });

  it("lets public addresses and host names through (a host name is checked when sending)", () => {
    expect(literalRefusal("https://8.8.8.8/hook", none)).toBeNull();
    expect(literalRefusal("https://[2606:4700::1]/hook", none)).toBeNull();
    expect(literalRefusal("https://hooks.slack.com/services/T/B/X", none)).toBeNull();
    expect(literalRefusal("http://localhost:9/", none)).toBeNull();
  });
});

describe("the allow-list", () => {
  const allow = parseAllowList(["10.0.0.0/8", "127.0.0.1", "fd12::/16", "relay.corp.example."]);

  it("opens the ranges, addresses and host names listed, in any spelling, and nothing beside them", () => {
    expect(refusalReason("10.9.8.7", "10.9.8.7", allow)).toBeNull();
    expect(refusalReason("::ffff:10.9.8.7", "::ffff:10.9.8.7", allow)).toBeNull();
    expect(refusalReason("127.0.0.1", "127.0.0.1", allow)).toBeNull();
    expect(refusalReason("::ffff:7f00:1", "::ffff:7f00:1", allow)).toBeNull();
    expect(refusalReason("fd12:1::5", "fd12:1::5", allow)).toBeNull();
    expect(refusalReason("RELAY.corp.example", "192.168.4.4", allow)).toBeNull();
    expect(refusalReason("127.0.0.2", "127.0.0.2", allow)).toContain("loopback");
    expect(refusalReason("::1", "::1", allow)).toContain("loopback");
    expect(refusalReason("fd13::1", "fd13::1", allow)).toContain("private");
    expect(refusalReason("11.0.0.1", "11.0.0.1", allow)).toBeNull();
    expect(refusalReason("other.corp.example", "192.168.4.4", allow)).toBe(
      "refused: other.corp.example resolves to 192.168.4.4, which is a private address; allow it with VIGIL_NOTIFY_ALLOW_PRIVATE",
    );
  });

  it("never opens a metadata address through a host name", () => {
    expect(refusalReason("relay.corp.example", "169.254.169.254", allow)).toContain("cloud metadata");
  });

  it("is read from VIGIL_NOTIFY_ALLOW_PRIVATE, and a bad entry stops the start naming the setting", () => {
    const read = (value: string) => parseEnv({ VIGIL_NOTIFY_ALLOW_PRIVATE: value }).VIGIL_NOTIFY_ALLOW_PRIVATE;
    expect(read("")).toEqual([]);
    expect(read(" 10.0.0.0/8, Relay.Corp.example ,::1")).toEqual(["10.0.0.0/8", "relay.corp.example", "::1"]);
    for (const bad of [
      "10.0.0.0/33",
      "::1/129",
      "http://relay",
      "a b",
      "10.0.0.0/8,",
      ",",
      "-bad.example",
      "x\0y",
      "\uD800",
    ])
      expect(() => read(bad), bad).toThrow(/^Invalid setting VIGIL_NOTIFY_ALLOW_PRIVATE: must be IP addresses/);
    expect(() => read(`${"a".repeat(64)}.example`)).toThrow(/VIGIL_NOTIFY_ALLOW_PRIVATE/);
  });
});
