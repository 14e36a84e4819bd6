-- Spans keep their start to the nanosecond: start_time holds microseconds, start_extra_ns the
-- nanoseconds past them (1-999), NULL when there are none (no bytes then: a null-bitmap bit).
-- The end is start + duration_ns, exact. Attribute values keep their OTLP type from now on
-- (lib/traces/attribute-values.ts); values stored before read as they were written.
ALTER TABLE "span" ADD COLUMN "start_extra_ns" SMALLINT;
