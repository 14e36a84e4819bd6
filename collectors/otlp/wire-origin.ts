// What the spans of a ResourceSpans share, read before them: the resource (its service,
// environment and feature) and, per ScopeSpans, the instrumentation scope.

import { resourceInfoOf } from "./decode";
import { type KeyValue, RESOURCE, WireError } from "./wire";
import { expectWire, LEN, type Reader, readSubMessage } from "./wire-reader";

/** The last occurrence of a sub-message field, read before the spans that depend on it. */
export function lastField<T>(r: Reader, fieldNumber: number, name: string, read: (r: Reader) => T): T | null {
  const start = r.pos;
  let found: T | null = null;
  while (r.pos < r.end) {
    const tag = r.varint();
    if (tag >>> 3 === fieldNumber) {
      expectWire(tag, LEN, name);
      found = read(r);
    } else r.skip(tag & 7);
  }
  r.pos = start;
  return found;
}

export type Origin = ReturnType<typeof resourceInfoOf>;

// Clients send the same few resources in every request: their origin (and so its fingerprint,
// cached by object) is kept by the resource's bytes.
const origins = new Map<string, Origin>();
const MAX_ORIGINS = 1024;

/** The bytes of the last resource field of the ResourceSpans at r, or null when it is not plain. */
function resourceKey(r: Reader): string | null {
  const start = r.pos;
  let at = -1;
  let end = -1;
  try {
    while (r.pos < r.end) {
      const tag = r.varint();
      if (tag >>> 3 !== 1) r.skip(tag & 7);
      else if ((tag & 7) !== LEN) return null;
      else {
        at = r.pos;
        r.skipDelimited();
        end = r.pos;
      }
    }
  } catch (err) {
    if (err instanceof WireError) return null;
    throw err;
  } finally {
    r.pos = start;
  }
  return at < 0 ? "" : r.buf.toString("latin1", at, end);
}

/** The origin of the ResourceSpans at r, read once per distinct resource. */
export function originOf(r: Reader): Origin {
  const key = resourceKey(r);
  const cached = key === null ? undefined : origins.get(key);
  if (cached !== undefined) return cached;
  const resource = lastField(r, 1, "ResourceSpans.resource", (inner) =>
    readSubMessage(inner, { attributes: [] as KeyValue[] }, RESOURCE),
  );
  // The wire reader's KeyValue is the shape the normaliser reads.
  const origin = resourceInfoOf(resource?.attributes as Parameters<typeof resourceInfoOf>[0]);
  if (key !== null) {
    if (origins.size >= MAX_ORIGINS) origins.clear();
    origins.set(key, origin);
  }
  return origin;
}
