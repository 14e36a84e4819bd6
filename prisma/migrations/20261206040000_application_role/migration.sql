-- The application runs as a role of its own, `vigil_app` (or a login role granted it), that owns
-- nothing: it reads and writes the application tables, only appends to the audit trail, and can
-- neither switch the audit triggers off nor alter a table. Migrations run as the owner. The DDL
-- the app needs at run time (span partitions) goes through the SECURITY DEFINER functions below,
-- each doing one narrow thing with a checked argument.

-- Creates the span partition of one UTC day; false when it already exists (also when another
-- session created it a moment earlier).
CREATE FUNCTION vigil_ensure_span_partition(day date) RETURNS boolean
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  partition text;
BEGIN
  IF day IS NULL OR NOT isfinite(day) OR day < DATE '1970-01-01' OR day > DATE '9999-12-30' THEN
    RAISE EXCEPTION 'not a day for a span partition: %', day USING ERRCODE = 'invalid_parameter_value';
  END IF;
  partition := 'span_p' || to_char(day, 'YYYYMMDD');
  IF to_regclass(format('public.%I', partition)) IS NOT NULL THEN
    RETURN false;
  END IF;
  EXECUTE format('CREATE TABLE public.%I PARTITION OF public.span FOR VALUES FROM (%L) TO (%L)',
    partition, to_char(day, 'YYYY-MM-DD') || ' 00:00:00+00', to_char(day + 1, 'YYYY-MM-DD') || ' 00:00:00+00');
  RETURN true;
EXCEPTION WHEN duplicate_table OR unique_violation THEN
  RETURN false;
END
$$;

-- Drops the daily span partitions before a day that has begun (retention), returning their names.
CREATE FUNCTION vigil_drop_span_partitions_before(day date) RETURNS SETOF text
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
    WHERE pg_inherits.inhparent = 'public.span'::regclass
      AND child.relnamespace = 'public'::regnamespace
      AND child.relname ~ '^span_p[0-9]{8}$'
      AND child.relname < 'span_p' || to_char(day, 'YYYYMMDD')
    ORDER BY child.relname
  LOOP
    EXECUTE format('DROP TABLE IF EXISTS public.%I', partition);
    RETURN NEXT partition;
  END LOOP;
END
$$;

REVOKE EXECUTE ON FUNCTION vigil_ensure_span_partition(date), vigil_drop_span_partitions_before(date) FROM PUBLIC;

-- Gives `vigil_app` what the app uses. Run by this migration and again by hand after creating
-- vigil_app on a database migrated before it existed. Tables later migrations create get the same
-- through the default privileges; a table the app must only append to is revoked here.
CREATE FUNCTION vigil_grant_app_access() RETURNS void
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
  GRANT EXECUTE ON FUNCTION public.vigil_ensure_span_partition(date), public.vigil_drop_span_partitions_before(date) TO vigil_app;
  PERFORM public.vigil_give_job_schema_to_app();
END
$$;

-- pg-boss creates and migrates its own schema (`pgboss`) at start and adds a partition per queue,
-- which needs ownership: the app role owns that schema. A schema an earlier start created as
-- another role is handed over.
CREATE FUNCTION vigil_give_job_schema_to_app() RETURNS void
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  item record;
BEGIN
  EXECUTE format('GRANT CREATE ON DATABASE %I TO vigil_app', current_database());
  IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'pgboss' AND nspowner <> 'vigil_app'::regrole) THEN
    RETURN;
  END IF;
  IF NOT pg_has_role('vigil_app', 'MEMBER') THEN
    RAISE WARNING 'schema pgboss is not owned by vigil_app and % can not hand it over: ALTER SCHEMA pgboss OWNER TO vigil_app (and its tables)', current_user;
    RETURN;
  END IF;
  ALTER SCHEMA pgboss OWNER TO vigil_app;
  FOR item IN
    SELECT c.oid::regclass AS name FROM pg_class c
    WHERE c.relnamespace = 'pgboss'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm')
  LOOP
    EXECUTE format('ALTER TABLE %s OWNER TO vigil_app', item.name);
  END LOOP;
  FOR item IN
    SELECT c.oid::regclass AS name FROM pg_class c
    WHERE c.relnamespace = 'pgboss'::regnamespace AND c.relkind = 'S'
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))
  LOOP
    EXECUTE format('ALTER SEQUENCE %s OWNER TO vigil_app', item.name);
  END LOOP;
  FOR item IN SELECT p.oid::regprocedure AS name FROM pg_proc p WHERE p.pronamespace = 'pgboss'::regnamespace LOOP
    EXECUTE format('ALTER ROUTINE %s OWNER TO vigil_app', item.name);
  END LOOP;
  FOR item IN
    SELECT t.oid::regtype AS name FROM pg_type t
    WHERE t.typnamespace = 'pgboss'::regnamespace AND t.typtype IN ('e', 'd', 'c') AND t.typrelid = 0
  LOOP
    EXECUTE format('ALTER TYPE %s OWNER TO vigil_app', item.name);
  END LOOP;
END
$$;

REVOKE EXECUTE ON FUNCTION vigil_grant_app_access(), vigil_give_job_schema_to_app() FROM PUBLIC;

SELECT vigil_grant_app_access();
