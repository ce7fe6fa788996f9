GRANT EXECUTE ON FUNCTION require_tenant_id(), set_updated_at(), bump_search_version() TO PUBLIC;
REVOKE EXECUTE ON FUNCTION require_tenant_id() FROM car_app, car_import;
ALTER FUNCTION bump_search_version() SET search_path = public;
ALTER FUNCTION set_updated_at() RESET search_path;

CREATE OR REPLACE FUNCTION search_pattern_flags(
    for_tenant bigint,
    model_ids bigint[],
    category_code text,
    OUT data_version bigint,
    OUT category_known boolean,
    OUT with_pattern bigint[]
)
    LANGUAGE plpgsql
AS $$
BEGIN
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
END
$$;
