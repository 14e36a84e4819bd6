// Who may send, and how many requests at once: API keys checked against lib at most every 10 s,
// and the in-flight slots shared fairly between keys.

import { authenticateApiKey } from "@/lib/access/api-keys";
import type { Actor } from "@/lib/context";

const KEY_CACHE_MS = 10_000;

/** Keys are checked against the database at most every 10 s per key, so a revocation applies within 10 s. */
export function keyAuthenticator() {
  const cache = new Map<string, { actor: Actor | null; until: number }>();
  return async (key: string): Promise<Actor | null> => {
    const hit = cache.get(key);
    if (hit && hit.until > Date.now()) return hit.actor;
    const actor = await authenticateApiKey(key);
    if (cache.size > 10_000) cache.clear();
    cache.set(key, { actor, until: Date.now() + KEY_CACHE_MS });
    return actor;
  };
}

/**
 * The in-flight slots: at most `max` requests decoded or stored at once, and at most three quarters
 * of them for one API key, so one client can not starve the others. Not half: a single collector
 * fleet sending under one key is the common case, and it should keep most of the receiver.
 */
export function slots(max: number) {
  const perKey = Math.max(1, max - Math.floor(max / 4));
  const byKey = new Map<string, number>();
  let taken = 0;
  return {
    take(key: string): boolean {
      const held = byKey.get(key) ?? 0;
      if (taken >= max || held >= perKey) return false;
      taken += 1;
      byKey.set(key, held + 1);
      return true;
    },
    give(key: string): void {
      taken -= 1;
      const held = (byKey.get(key) ?? 1) - 1;
      if (held > 0) byKey.set(key, held);
      else byKey.delete(key);
    },
  };
}
