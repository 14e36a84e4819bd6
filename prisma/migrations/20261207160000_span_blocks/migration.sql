-- Compressed span blocks (lib/traces/block, README "Span storage"). Spans older than a few hours
-- move from `span` rows into blocks of up to 16 384 spans of one service, one transaction per block
-- (lib/traces/compact-spans.ts). Partitioned by UTC day like `span`: a day's blocks are created and
-- dropped with its rows, so retention still drops whole days.
CREATE TABLE "span_block" (
    "min_start" TIMESTAMPTZ(6) NOT NULL,
    "id" BIGSERIAL,
    "max_start" TIMESTAMPTZ(6) NOT NULL,
    "max_end" TIMESTAMPTZ(6) NOT NULL,
    "service" TEXT NOT NULL,
    "format" SMALLINT NOT NULL,
    "span_count" INTEGER NOT NULL,
    "trace_count" INTEGER NOT NULL,
    "error_count" INTEGER NOT NULL,
    "server_error_count" INTEGER NOT NULL,
    "root_count" INTEGER NOT NULL,
    "min_duration_ns" BIGINT NOT NULL,
    "max_duration_ns" BIGINT NOT NULL,
    "names" TEXT[] NOT NULL,
    "resource_fps" BIGINT[] NOT NULL,
    -- Kept in the row (the trace-id probe reads every block's filter), payloads out of line.
    "trace_bloom" BYTEA NOT NULL,
    "trace_ids" BYTEA NOT NULL,
    "ids" BYTEA NOT NULL,
    "times" BYTEA NOT NULL,
    "core" BYTEA NOT NULL,
    "attrs" BYTEA NOT NULL,
    "extra" BYTEA,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "span_block_pkey" PRIMARY KEY ("min_start", "id")
) PARTITION BY RANGE ("min_start");

CREATE INDEX "span_block_service_min_start_idx" ON "span_block" ("service", "min_start");

-- Creates the partition of one UTC day of `span`, and of `span_block` beside it.
CREATE OR REPLACE FUNCTION vigil_ensure_span_partition(day date) RETURNS boolean
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  partition text;
  blocks text;
  bounds text;
BEGIN
  IF day IS NULL OR NOT isfinite(day) OR day < DATE '1970-01-01' OR day > DATE '9999-12-30' THEN
    RAISE EXCEPTION 'not a day for a span partition: %', day USING ERRCODE = 'invalid_parameter_value';
  END IF;
  partition := 'span_p' || to_char(day, 'YYYYMMDD');
  blocks := 'span_block_p' || to_char(day, 'YYYYMMDD');
  bounds := format('FOR VALUES FROM (%L) TO (%L)',
    to_char(day, 'YYYY-MM-DD') || ' 00:00:00+00', to_char(day + 1, 'YYYY-MM-DD') || ' 00:00:00+00');
  IF to_regclass(format('public.%I', blocks)) IS NULL THEN
    -- toast_tuple_target keeps the trace filter in the row; the payloads are already compressed.
    EXECUTE format('CREATE TABLE public.%I PARTITION OF public.span_block %s WITH (toast_tuple_target = 8160)', blocks, bounds);
    EXECUTE format('ALTER TABLE public.%I ALTER COLUMN trace_bloom SET STORAGE MAIN,
      ALTER COLUMN trace_ids SET STORAGE EXTERNAL, ALTER COLUMN ids SET STORAGE EXTERNAL,
      ALTER COLUMN times SET STORAGE EXTERNAL, ALTER COLUMN core SET STORAGE EXTERNAL,
      ALTER COLUMN attrs SET STORAGE EXTERNAL, ALTER COLUMN extra SET STORAGE EXTERNAL', blocks);
  END IF;
  IF to_regclass(format('public.%I', partition)) IS NOT NULL THEN
    RETURN false;
  END IF;
  EXECUTE format('CREATE TABLE public.%I PARTITION OF public.span %s', partition, bounds);
  RETURN true;
EXCEPTION WHEN duplicate_table OR unique_violation THEN
  RETURN false;
END
$$;

-- Drops the daily span partitions, rows and blocks, before a day that has begun (retention).
CREATE OR REPLACE FUNCTION vigil_drop_span_partitions_before(day date) RETURNS SETOF text
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  partition text;
BEGIN
  IF day IS NULL OR NOT isfinite(day) OR day > (now() AT TIME ZONE 'UTC')::date THEN
    RAISE EXCEPTION 'span partitions are dropped only before a day that has begun, not %', day
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  FOR partition IN
    SELECT child.relname FROM pg_inherits
    JOIN pg_class child ON child.oid = pg_inherits.inhrelid
    WHERE pg_inherits.inhparent IN ('public.span'::regclass, 'public.span_block'::regclass)
      AND child.relnamespace = 'public'::regnamespace
      AND child.relname ~ '^span_(block_)?p[0-9]{8}$'
      AND right(child.relname, 8) < to_char(day, 'YYYYMMDD')
    ORDER BY right(child.relname, 8), child.relname DESC
  LOOP
    EXECUTE format('DROP TABLE IF EXISTS public.%I', partition);
    IF partition LIKE 'span_p%' THEN
      RETURN NEXT partition;
    END IF;
  END LOOP;
END
$$;

-- Gives back the space of a day whose rows have all moved into blocks: TRUNCATE returns the heap
-- and every index at once (a DELETE leaves them to VACUUM and REINDEX, which need the owner).
-- Takes the partition's lock without waiting, so ingest never queues behind it, and truncates
-- only when no row is left: false when it is busy or not empty (the next run tries again).
CREATE FUNCTION vigil_truncate_empty_span_partition(day date) RETURNS boolean
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  partition text;
  found boolean;
BEGIN
  IF day IS NULL OR NOT isfinite(day) OR day >= (now() AT TIME ZONE 'UTC')::date THEN
    RAISE EXCEPTION 'only a span partition of a day that has ended is truncated, not %', day
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  partition := 'span_p' || to_char(day, 'YYYYMMDD');
  IF to_regclass(format('public.%I', partition)) IS NULL THEN
    RETURN false;
  END IF;
  BEGIN
    EXECUTE format('LOCK TABLE public.%I IN ACCESS EXCLUSIVE MODE NOWAIT', partition);
  EXCEPTION WHEN lock_not_available THEN
    RETURN false;
  END;
  EXECUTE format('SELECT EXISTS (SELECT 1 FROM public.%I)', partition) INTO found;
  IF found THEN
    RETURN false;
  END IF;
  EXECUTE format('TRUNCATE public.%I', partition);
  RETURN true;
END
$$;

REVOKE EXECUTE ON FUNCTION vigil_truncate_empty_span_partition(date) FROM PUBLIC;

CREATE OR REPLACE FUNCTION vigil_grant_app_access() RETURNS void
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vigil_app') THEN
    RAISE NOTICE 'no role vigil_app: the app keeps the migrating role''s rights (README, Settings)';
    RETURN;
  END IF;
  GRANT USAGE ON SCHEMA public TO vigil_app;
  GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO vigil_app;
  GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO vigil_app;
  ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO vigil_app;
  ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO vigil_app;
  REVOKE UPDATE, DELETE, TRUNCATE ON public.audit_entry FROM vigil_app;
  IF to_regclass('public._prisma_migrations') IS NOT NULL THEN
    REVOKE INSERT, UPDATE, DELETE ON public._prisma_migrations FROM vigil_app;
  END IF;
  GRANT EXECUTE ON FUNCTION public.vigil_ensure_span_partition(date), public.vigil_drop_span_partitions_before(date),
    public.vigil_truncate_empty_span_partition(date) TO vigil_app;
  PERFORM public.vigil_give_job_schema_to_app();
END
$$;

-- The block partitions of the days that already have span partitions.
SELECT vigil_ensure_span_partition(to_date(right(child.relname, 8), 'YYYYMMDD'))
FROM pg_inherits JOIN pg_class child ON child.oid = pg_inherits.inhrelid
WHERE pg_inherits.inhparent = 'public.span'::regclass AND child.relname ~ '^span_p[0-9]{8}$';

SELECT vigil_grant_app_access();
