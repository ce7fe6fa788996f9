-- What a search asks the database, in one statement (one round trip, its own
-- implicit transaction): the tenant is set for that transaction only, as SET LOCAL
-- would set it (set_config(.., true) ends with the transaction, so a pooled
-- connection never keeps it), then row-level security checks every pattern read
-- (SECURITY INVOKER). Returns which of `model_ids` the tenant has an available
-- pattern for (in the category with code `category_code`, or in any: NULL),
-- whether that category exists, and the search data's version, which the caller's
-- in-memory index is checked against.
CREATE FUNCTION search_pattern_flags(
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

ALTER FUNCTION search_pattern_flags(bigint, bigint[], text) OWNER TO car_owner;
REVOKE EXECUTE ON FUNCTION search_pattern_flags(bigint, bigint[], text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION search_pattern_flags(bigint, bigint[], text) TO car_app, car_import;
