-- Daily sums of span_hour, rebuilt with their hours in the rollup's transaction: an SLO's 28- or
-- 30-day window reads its whole days here and only its partial days' hours, a thirtieth of the rows
-- (bench:slo). Written and read with SQL (lib/traces/rollup-sql.ts, lib/slo/read-cycle.ts).

CREATE TABLE "span_day" (
  "day"           TIMESTAMPTZ(3) NOT NULL,
  "service"       TEXT NOT NULL,
  "operation"     TEXT NOT NULL,
  "environment"   TEXT NOT NULL DEFAULT '',
  "requests"      BIGINT NOT NULL,
  "errors"        BIGINT NOT NULL,
  "server_errors" BIGINT NOT NULL DEFAULT 0,
  "buckets"       SMALLINT[],
  "counts"        BIGINT[],
  PRIMARY KEY ("service", "day", "operation", "environment")
);

-- The days of the hours already stored.
INSERT INTO span_day (day, service, operation, environment, requests, errors, server_errors, buckets, counts)
SELECT t.day, t.service, t.operation, t.environment, t.requests, t.errors, t.server_errors, h.buckets, h.counts
FROM (
  SELECT date_trunc('day', hour) AS day, service, operation, environment,
         LEAST(sum(requests), 9223372036854775807)::bigint AS requests,
         LEAST(sum(errors), 9223372036854775807)::bigint AS errors,
         LEAST(sum(server_errors), 9223372036854775807)::bigint AS server_errors
    FROM span_hour GROUP BY 1, 2, 3, 4
) t
JOIN (
  SELECT day, service, operation, environment, array_agg(b ORDER BY b) AS buckets, array_agg(n ORDER BY b) AS counts FROM (
    SELECT date_trunc('day', hour) AS day, service, operation, environment, b, LEAST(sum(c), 9223372036854775807)::bigint AS n
      FROM span_hour, unnest(buckets, counts) AS u(b, c) GROUP BY 1, 2, 3, 4, 5
  ) x GROUP BY 1, 2, 3, 4
) h USING (day, service, operation, environment);
