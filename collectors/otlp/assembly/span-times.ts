// The UTC days and late minutes the spans of one request start in, distinct and in the order
// met: the partitions the rows need, and the minutes the rollup must rebuild. JavaScript reads
// them back after the request (dayCountOf/dayAt, lateCountOf/lateAt).

const MAX_DAYS: u32 = 1024;
const MAX_LATE_MINUTES: u32 = 1024;
const NS_PER_DAY: u64 = 86_400_000_000_000;
const NS_PER_MINUTE: u64 = 60_000_000_000;

const days = memory.data(MAX_DAYS * 8, 8);
let dayCount: u32 = 0;
let lastDay: i64 = -1;
const lateMinutes = memory.data(MAX_LATE_MINUTES * 8, 8);
let lateCount: u32 = 0;
let lastLate: i64 = -1;
let lateBeforeNs: u64 = 0;

/** A request begins: nothing seen yet; spans starting before `lateBefore` are late. */
export function forgetTimes(lateBefore: u64): void {
  lateBeforeNs = lateBefore;
  dayCount = 0;
  lastDay = -1;
  lateCount = 0;
  lastLate = -1;
}

export function dayCountOf(): u32 {
  return dayCount;
}

export function dayAt(index: u32): i64 {
  return load<i64>(days + (<usize>index << 3));
}

export function lateCountOf(): u32 {
  return lateCount;
}

export function lateAt(index: u32): i64 {
  return load<i64>(lateMinutes + (<usize>index << 3));
}

/** The span's UTC day, for the partitions; false when too many distinct days came in one request. */
export function recordDay(startNs: u64): bool {
  const day = <i64>(startNs / NS_PER_DAY);
  if (day == lastDay) return true;
  if (dayCount >= MAX_DAYS) return false;
  lastDay = day;
  store<i64>(days + (<usize>dayCount << 3), day);
  dayCount++;
  return true;
}

/** The span's UTC minute when it is late (the rollup may have passed it); false when too many. */
export function recordLate(startNs: u64): bool {
  if (startNs >= lateBeforeNs) return true;
  const minute = <i64>(startNs / NS_PER_MINUTE);
  if (minute == lastLate) return true;
  if (lateCount >= MAX_LATE_MINUTES) return false;
  lastLate = minute;
  store<i64>(lateMinutes + (<usize>lateCount << 3), minute);
  lateCount++;
  return true;
}
