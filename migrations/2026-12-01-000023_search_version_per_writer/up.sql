-- Every import that added models bumped the one search_version row, so imports of
-- two tenants waited there for each other's commit. Each writer now bumps a row of
-- its own (the tenant an import writes for, '' for the operator's tools) and the
-- version is the sum: every commit of a bump raises it, and a later snapshot sees
-- every commit an earlier one saw, so equal sums mean equal search data.
ALTER TABLE search_version DROP CONSTRAINT search_version_pkey;
ALTER TABLE search_version DROP COLUMN only_row;
ALTER TABLE search_version ADD COLUMN writer text NOT NULL DEFAULT '';
ALTER TABLE search_version ALTER COLUMN writer DROP DEFAULT;
ALTER TABLE search_version ADD CONSTRAINT search_version_pkey PRIMARY KEY (writer);
COMMENT ON TABLE search_version IS 'The search data''s version is the sum of these counters, each bumped when its writer changes brands, body_types, models or model_search; processes reload their in-memory search index when it moves.';
COMMENT ON COLUMN search_version.writer IS 'The tenant id an import wrote for, or empty for the operator''s tools and migrations.';
COMMENT ON COLUMN search_version.version IS 'How many statements of this writer changed the search data.';
GRANT INSERT ON search_version TO car_import, car_operator;

CREATE OR REPLACE FUNCTION bump_search_version() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
DECLARE
    changed boolean;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        changed := EXISTS (SELECT * FROM changed_rows EXCEPT SELECT * FROM old_rows);
    ELSE
        changed := EXISTS (SELECT 1 FROM changed_rows);
    END IF;
    IF changed THEN
        -- The writer's own row: the tenant an import writes for, '' for the others.
        INSERT INTO search_version AS v (writer, version)
        VALUES (coalesce(current_setting('app.tenant_id', true), ''), 1)
        ON CONFLICT (writer) DO UPDATE SET version = v.version + 1;
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION search_pattern_flags(
    for_tenant bigint,
    model_ids bigint[],
    category_code text,
    OUT data_version bigint,
    OUT category_known boolean,
    OUT with_pattern bigint[]
)
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
DECLARE
    found_tenant text := coalesce(current_setting('app.tenant_id', true), '');
BEGIN
    IF found_tenant NOT IN ('', for_tenant::text) THEN
        RAISE EXCEPTION 'search_pattern_flags: this transaction is set for tenant %, not for tenant %',
            found_tenant, for_tenant
            USING ERRCODE = '42501';
    END IF;
    PERFORM set_config('app.tenant_id', for_tenant::text, true);
    SELECT coalesce(sum(v.version), 0)::bigint INTO data_version FROM search_version v;
    category_known := category_code IS NULL
        OR EXISTS (SELECT 1 FROM product_categories c WHERE c.code = category_code);
    -- Driven by the model ids: an index lookup each.
    with_pattern := ARRAY(
        SELECT DISTINCT p.model_id
        FROM unnest(model_ids) AS m (id)
        JOIN patterns p ON p.tenant_id = for_tenant AND p.model_id = m.id
        JOIN product_categories c ON c.id = p.category_id
        WHERE p.available AND (category_code IS NULL OR c.code = category_code)
    );
    PERFORM set_config('app.tenant_id', found_tenant, true);
END
$$;
