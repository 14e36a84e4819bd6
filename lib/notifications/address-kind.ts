import { BlockList, isIPv4, isIPv6 } from "node:net";

/** What an IP address is, for deciding whether a notification may be sent to it. */
export type AddressKind =
  | "public"
  | "cloud metadata"
  | "unspecified"
  | "loopback"
  | "link-local"
  | "private"
  | "shared (CGNAT)"
  | "multicast"
  | "reserved";

type Ranges = [AddressKind, string[]][];

// First match wins, so the metadata addresses are named before the ranges holding them.
const V4: Ranges = [
  [
    "cloud metadata",
    ["169.254.169.254/32", "169.254.170.2/32", "169.254.170.23/32", "100.100.100.200/32", "192.0.0.192/32"],
  ],
  ["unspecified", ["0.0.0.0/32"]],
  ["loopback", ["127.0.0.0/8"]],
  ["link-local", ["169.254.0.0/16"]],
  ["private", ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]],
  ["shared (CGNAT)", ["100.64.0.0/10"]],
  ["multicast", ["224.0.0.0/4"]],
  // "This network", IETF protocol assignments, documentation, 6to4 relays, benchmarking, class E and broadcast.
  [
    "reserved",
    [
      "0.0.0.0/8",
      "192.0.0.0/24",
      "192.0.2.0/24",
      "192.88.99.0/24",
      "198.18.0.0/15",
      "198.51.100.0/24",
      "203.0.113.0/24",
      "240.0.0.0/4",
    ],
  ],
];

const V6: Ranges = [
  ["cloud metadata", ["fd00:ec2::254/128"]],
  ["unspecified", ["::/128"]],
  ["loopback", ["::1/128"]],
  ["link-local", ["fe80::/10"]],
  // Unique local addresses, and the deprecated site-local ones.
  ["private", ["fc00::/7", "fec0::/10"]],
  ["multicast", ["ff00::/8"]],
  // NAT64 local use, discard-only, IETF protocol assignments (Teredo among them), documentation, SRv6.
  ["reserved", ["::/8", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32", "3fff::/20", "5f00::/16"]],
];

function compile(ranges: Ranges, family: "ipv4" | "ipv6"): [AddressKind, BlockList][] {
  return ranges.map(([kind, subnets]) => {
    const list = new BlockList();
    for (const subnet of subnets) {
      const [network, prefix] = subnet.split("/");
      list.addSubnet(network, Number(prefix), family);
    }
    return [kind, list];
  });
}

const V4_LISTS = compile(V4, "ipv4");
const V6_LISTS = compile(V6, "ipv6");
const GLOBAL_UNICAST = compile([["public", ["2000::/3"]]], "ipv6")[0][1];

/** The 16 bytes of an IPv6 address (zone id dropped), or null when it is not one. */
export function ipv6Bytes(address: string): number[] | null {
  const plain = address.replace(/%.*$/, "");
  if (!isIPv6(plain)) return null;
  let text = plain;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1].split(".").map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const words = (part: string | undefined) => (part ? part.split(":").map((word) => parseInt(word, 16)) : []);
  const front = words(head);
  const back = words(tail);
  const all =
    tail === undefined ? front : [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
  return all.flatMap((word) => [word >> 8, word & 0xff]);
}

const startsWith = (bytes: number[], prefix: number[]) => prefix.every((byte, i) => bytes[i] === byte);

/**
 * The IPv4 address an IPv6 one carries to an IPv4 host: IPv4-mapped (::ffff:a.b.c.d), IPv4-translated,
 * IPv4-compatible, NAT64's well-known prefix (64:ff9b::/96) and 6to4 (2002::/16). Null for others.
 */
export function embeddedIpv4(address: string): string | null {
  const bytes = ipv6Bytes(address);
  if (!bytes) return null;
  const zeros = (n: number) => Array<number>(n).fill(0);
  const last4 = () => bytes.slice(12).join(".");
  if (startsWith(bytes, [...zeros(10), 0xff, 0xff])) return last4();
  if (startsWith(bytes, [...zeros(8), 0xff, 0xff, 0, 0])) return last4();
  if (startsWith(bytes, [0, 0x64, 0xff, 0x9b, ...zeros(8)])) return last4();
  if (startsWith(bytes, [0x20, 0x02])) return bytes.slice(2, 6).join(".");
  // IPv4-compatible (::a.b.c.d), but not :: and ::1 themselves.
  if (startsWith(bytes, zeros(12)) && bytes.slice(12).some((byte, i) => byte !== 0 && !(i === 3 && byte === 1)))
    return last4();
  return null;
}

/** The kind of an IP address; an IPv6 one carrying an IPv4 address is what that IPv4 address is. */
export function addressKind(address: string): AddressKind {
  if (isIPv4(address)) return V4_LISTS.find(([, list]) => list.check(address, "ipv4"))?.[0] ?? "public";
  const inner = embeddedIpv4(address);
  if (inner) return addressKind(inner);
  const plain = address.replace(/%.*$/, "");
  if (!isIPv6(plain)) return "reserved";
  const kind = V6_LISTS.find(([, list]) => list.check(plain, "ipv6"))?.[0];
  if (kind) return kind;
  return GLOBAL_UNICAST.check(plain, "ipv6") ? "public" : "reserved";
}

const PHRASES: Record<Exclude<AddressKind, "public">, string> = {
  "cloud metadata": "a cloud metadata address",
  unspecified: "the unspecified address",
  loopback: "a loopback address",
  "link-local": "a link-local address",
  private: "a private address",
  "shared (CGNAT)": "a shared (CGNAT) address",
  multicast: "a multicast address",
  reserved: "a reserved address",
};

export const kindPhrase = (kind: Exclude<AddressKind, "public">) => PHRASES[kind];
