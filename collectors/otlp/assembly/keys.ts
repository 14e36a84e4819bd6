// The attribute key table of span-rows.ts: key bytes to how the key is written. SLOTS entries of
// 16 bytes (key pointer, key length, name pointer, name length and kind), open addressing; the
// key and name bytes live in an arena. JavaScript fills it from its own key cache.

const SLOTS: u32 = 32768;
const MASK: u32 = SLOTS - 1;
const MAX_KEYS: u32 = 20000;

let table: usize = 0;
let arena: usize = 0;
let arenaEnd: usize = 0;
let arenaTop: usize = 0;
let keyCount: u32 = 0;

export function setup(tableAt: usize, arenaAt: usize, arenaLimit: usize): void {
  table = tableAt;
  arena = arenaAt;
  arenaEnd = arenaLimit;
  clearKeys();
}

export function clearKeys(): void {
  memory.fill(table, 0, <usize>SLOTS * 16);
  arenaTop = arena;
  keyCount = 0;
}

function hashOf(at: usize, length: u32): u32 {
  let hash: u32 = 0x811c9dc5;
  for (let i: usize = 0; i < <usize>length; i++) hash = (hash ^ <u32>load<u8>(at + i)) * 0x01000193;
  return hash;
}

function sameBytes(a: usize, b: usize, length: u32): bool {
  for (let i: usize = 0; i < <usize>length; i++) if (load<u8>(a + i) != load<u8>(b + i)) return false;
  return true;
}

/** The slot of a key, or 0 when it is not in the table. */
export function find(at: usize, length: u32): usize {
  let index = hashOf(at, length) & MASK;
  let slot = table + (<usize>index << 4);
  let keyAt = load<u32>(slot);
  while (keyAt != 0) {
    if (load<u32>(slot, 4) == length && sameBytes(<usize>keyAt, at, length)) return slot;
    index = (index + 1) & MASK;
    slot = table + (<usize>index << 4);
    keyAt = load<u32>(slot);
  }
  return 0;
}

/**
 * Adds a key (bytes at keyAt) with its kind: 0, written as the name at nameAt ("17":), or
 * 1 + column * 4 + priority for a promoted key. Returns 0 when the table or arena is full.
 */
export function addKey(keyAt: usize, keyLength: u32, kind: u32, nameAt: usize, nameLength: u32): i32 {
  if (keyLength == 0 || keyCount >= MAX_KEYS || arenaTop + <usize>keyLength + <usize>nameLength > arenaEnd) return 0;
  if (find(keyAt, keyLength) != 0) return 1;
  const storedKey = arenaTop;
  memory.copy(storedKey, keyAt, keyLength);
  const storedName = storedKey + <usize>keyLength;
  memory.copy(storedName, nameAt, nameLength);
  arenaTop = storedName + <usize>nameLength;
  let index = hashOf(keyAt, keyLength) & MASK;
  while (load<u32>(table + (<usize>index << 4)) != 0) index = (index + 1) & MASK;
  const slot = table + (<usize>index << 4);
  store<u32>(slot, <u32>storedKey);
  store<u32>(slot, keyLength, 4);
  store<u32>(slot, <u32>storedName, 8);
  store<u32>(slot, nameLength | (kind << 16), 12);
  keyCount++;
  return 1;
}
