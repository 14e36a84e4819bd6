// The attrs group: each span's attributes JSONB text, dictionary-coded.

import { encodeDictionaryGroup } from "@/lib/traces/block/dictionary-group";
import type { SpanRow } from "@/lib/traces/block/span-row";

export const ATTRIBUTE_FIELDS = ["attributes"] as const;

export function encodeAttributes(rows: readonly SpanRow[], key: number): Buffer {
  return encodeDictionaryGroup(rows, ATTRIBUTE_FIELDS, key);
}
