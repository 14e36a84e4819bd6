import { BlockList, isIP } from "node:net";

/** An IPv4-mapped IPv6 address (::ffff:10.0.0.1) as the IPv4 address it stands for. */
export function normalizeAddress(address: string): string | null {
  const bare = address.trim().replace(/^\[(.*)\]$/, "$1");
  const plain = bare.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  return isIP(plain) === 0 ? null : plain.toLowerCase();
}

/** A list of addresses and CIDR ranges (VIGIL_TRUSTED_PROXIES) as one matcher. */
export function addressList(items: readonly string[]): BlockList {
  const list = new BlockList();
  for (const item of items) {
    const [address, prefix] = item.split("/");
    const type = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

function listed(list: BlockList, address: string): boolean {
  return list.check(address, isIP(address) === 6 ? "ipv6" : "ipv4");
}

const LOOPBACK = addressList(["127.0.0.0/8", "::1/128"]);

/** 127.0.0.0/8, ::1 and ::ffff:127.x: a request from this machine. */
export function isLoopback(address: string | null): boolean {
  const normalized = address === null ? null : normalizeAddress(address);
  return normalized !== null && listed(LOOPBACK, normalized);
}

/**
 * The client of a request: the socket peer, unless the peer is a trusted proxy; then the
 * right-most X-Forwarded-For entry that is not itself a trusted proxy. Entries left of that were
 * written by whoever the proxy talked to, so they are never believed.
 */
export function clientAddress(peer: string | null, forwardedFor: string | null, trusted: BlockList): string | null {
  let client = peer === null ? null : normalizeAddress(peer);
  if (client === null) return null;
  const hops = (forwardedFor ?? "").split(",").reverse();
  while (listed(trusted, client) && hops.length > 0) {
    const next = normalizeAddress(hops.shift() as string);
    // A malformed entry breaks the chain: the last proxy we trust is the best we know.
    if (next === null) break;
    client = next;
  }
  return client;
}
