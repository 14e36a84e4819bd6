import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { env } from "../env";
import { addressKind, embeddedIpv4, kindPhrase } from "./address-kind";

/** The receivers an admin allowed on purpose (VIGIL_NOTIFY_ALLOW_PRIVATE): ranges, addresses, host names. */
export interface AllowList {
  ranges: BlockList;
  /** Addresses listed one by one: only these open a cloud metadata address. */
  exact: Set<string>;
  hostnames: Set<string>;
}

export interface Destination {
  address: string;
  family: 4 | 6;
}

/** An IPv6 address in its short form, an IPv6-carried IPv4 one as that IPv4 address. */
function canonical(address: string): string {
  const plain = address.replace(/%.*$/, "");
  if (isIP(plain) !== 6) return plain;
  return embeddedIpv4(plain) ?? new URL(`http://[${plain}]/`).hostname.slice(1, -1);
}

/** Reads the setting's entries: `10.0.0.0/8`, `10.1.2.3`, `fd12::/16`, `alerts.corp.example`. */
export function parseAllowList(entries: string[]): AllowList {
  const allow: AllowList = { ranges: new BlockList(), exact: new Set(), hostnames: new Set() };
  for (const entry of entries) {
    const [address, prefix] = entry.split("/");
    if (isIP(address) === 0) {
      allow.hostnames.add(hostKey(entry));
      continue;
    }
    const family = isIP(address) === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) {
      allow.exact.add(canonical(address));
      allow.ranges.addAddress(canonical(address), isIP(canonical(address)) === 4 ? "ipv4" : "ipv6");
    } else allow.ranges.addSubnet(address, Number(prefix), family);
  }
  return allow;
}

const hostKey = (hostname: string) => hostname.toLowerCase().replace(/\.$/, "");

let cached: { from: string[]; allow: AllowList } | undefined;

/** The allow-list from the settings. */
export function notifyAllowList(): AllowList {
  const entries = env().VIGIL_NOTIFY_ALLOW_PRIVATE;
  if (cached?.from !== entries) cached = { from: entries, allow: parseAllowList(entries) };
  return cached.allow;
}

/**
 * Why `address` (what `hostname` resolved to, or the literal itself) may not be sent to, or null when
 * it may. Cloud metadata addresses open only when listed one by one, never through a range or a name.
 */
export function refusalReason(hostname: string, address: string, allow: AllowList): string | null {
  const kind = addressKind(address);
  if (kind === "public") return null;
  const seen = canonical(address);
  if (allow.exact.has(seen)) return null;
  if (kind !== "cloud metadata") {
    if (allow.hostnames.has(hostKey(hostname))) return null;
    if (allow.ranges.check(seen, isIP(seen) === 4 ? "ipv4" : "ipv6")) return null;
  }
  const literal = isIP(hostname) !== 0;
  const subject = literal ? address : `${hostname} resolves to ${address}, which`;
  const how =
    kind === "cloud metadata"
      ? "allow it by listing the address itself in VIGIL_NOTIFY_ALLOW_PRIVATE"
      : "allow it with VIGIL_NOTIFY_ALLOW_PRIVATE";
  return `refused: ${subject} is ${kindPhrase(kind)}; ${how}`;
}

/** A URL's host as the connection uses it: brackets dropped from an IPv6 literal. */
const urlHost = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, "$1");

/**
 * The refusal for a URL whose host is an IP literal (the URL parser has already turned forms such as
 * http://2130706433/ and http://0x7f.1/ into 127.0.0.1); null for host names, checked when sending.
 */
export function literalRefusal(url: string, allow: AllowList = notifyAllowList()): string | null {
  const host = urlHost(new URL(url));
  return isIP(host) === 0 ? null : refusalReason(host, host, allow);
}

/**
 * Where a request to `url` may connect: every address its host resolves to is checked (one refused
 * address refuses the host), and the request is then pinned to the first, so a second DNS answer
 * can not lead it elsewhere.
 */
export async function checkDestination(url: URL, allow: AllowList): Promise<Destination | { refused: string }> {
  const host = urlHost(url);
  const resolved =
    isIP(host) !== 0 ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true, verbatim: true });
  for (const { address } of resolved) {
    const reason = refusalReason(host, address, allow);
    if (reason) return { refused: reason };
  }
  const [first] = resolved;
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}
