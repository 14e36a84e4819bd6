-- Smaller spans (lib/traces/attribute-keys.ts): attribute keys are stored once and named by id in
-- span.attributes ({"7": "POST"}; a key kept literally is "~key"), and the instrumentation scope
-- moves to span_resource beside the resource it is shared with. Older spans keep their scope in
-- span.scope_name/scope_version; new spans leave those NULL (a null bitmap bit, no bytes).

CREATE TABLE "span_attribute_key" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,

    CONSTRAINT "span_attribute_key_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "span_attribute_key_key_key" ON "span_attribute_key"("key");

ALTER TABLE "span_resource" ADD COLUMN "scope_name" TEXT,
ADD COLUMN "scope_version" TEXT;

-- Spans already stored get the dictionary form too, so every row reads one way.
INSERT INTO "span_attribute_key" ("key")
SELECT DISTINCT k FROM "span", jsonb_object_keys("span"."attributes") AS k WHERE length(k) <= 256 ORDER BY 1;

UPDATE "span" SET "attributes" = (
    SELECT coalesce(jsonb_object_agg(coalesce(d."id"::text, '~' || e.key), e.value), '{}'::jsonb)
    FROM jsonb_each("span"."attributes") AS e LEFT JOIN "span_attribute_key" AS d ON d."key" = e.key
) WHERE "attributes" <> '{}'::jsonb;

-- The readable form of stored attributes, for ad hoc SQL: SELECT span_attributes(attributes) FROM span.
CREATE FUNCTION span_attributes(stored JSONB) RETURNS JSONB LANGUAGE sql STABLE AS $$
    SELECT coalesce(jsonb_object_agg(
               CASE WHEN e.key LIKE '~%' THEN substr(e.key, 2) ELSE coalesce(d."key", e.key) END, e.value), '{}'::jsonb)
    FROM jsonb_each(stored) AS e
    LEFT JOIN "span_attribute_key" AS d ON d."id" = CASE WHEN e.key ~ '^[0-9]{1,9}$' THEN e.key::int END
$$;
