import { isIP } from "node:net";

// The shapes lib/env.ts checks settings against.

/** An empty setting (`NAME=`) means unset. */
export const emptyAsUnset = (value: unknown) => (value === "" ? undefined : value);

// A DNS name of letters, digits and hyphens, optionally ending in a dot.
export const HOSTNAME = /^(?=.{1,254}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.?$/;

export function isAddressOrRange(item: string): boolean {
  const [address, prefix, ...rest] = item.split("/");
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

export function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "postgres:" || url.protocol === "postgresql:") && url.hostname !== "";
  } catch {
    return false;
  }
}
