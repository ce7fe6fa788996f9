-- Back to one row holding the sum.
REVOKE INSERT ON search_version FROM car_import, car_operator;
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
        UPDATE search_version SET version = version + 1;
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
    SELECT v.version INTO data_version FROM search_version v;
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

CREATE TEMPORARY TABLE search_version_total AS SELECT coalesce(sum(version), 1)::bigint AS version FROM search_version;
DELETE FROM search_version;
ALTER TABLE search_version DROP CONSTRAINT search_version_pkey;
ALTER TABLE search_version DROP COLUMN writer;
ALTER TABLE search_version ADD COLUMN only_row boolean DEFAULT true CHECK (only_row);
ALTER TABLE search_version ADD CONSTRAINT search_version_pkey PRIMARY KEY (only_row);
INSERT INTO search_version (version) SELECT version FROM search_version_total;
DROP TABLE search_version_total;
COMMENT ON TABLE search_version IS 'Bumped whenever brands, body_types, models or model_search change; processes reload their in-memory search index when it moves.';
COMMENT ON COLUMN search_version.only_row IS 'Always true: the table has exactly one row.';
COMMENT ON COLUMN search_version.version IS 'Bumped by triggers when brands, body types, models or search documents change.';
