-- Functions contained: each has a pinned search_path, and only the roles that call
-- them may execute them (PostgreSQL grants EXECUTE to PUBLIC by default).

-- The search's one statement sets the tenant for its own transaction. Inside a
-- transaction already set for another tenant it refuses: switching would let the
-- caller's next statement read that tenant's rows. It leaves the setting as it
-- found it.
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

ALTER FUNCTION set_updated_at() SET search_path = pg_catalog;
ALTER FUNCTION bump_search_version() SET search_path = pg_catalog, public;

-- Row-level security policies call require_tenant_id() as the querying role;
-- trigger functions need no EXECUTE to fire.
REVOKE EXECUTE ON FUNCTION require_tenant_id(), set_updated_at(), bump_search_version() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION require_tenant_id() TO car_app, car_import;
