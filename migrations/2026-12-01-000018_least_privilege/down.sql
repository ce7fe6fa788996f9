ALTER DEFAULT PRIVILEGES FOR ROLE car_owner GRANT EXECUTE ON FUNCTIONS TO PUBLIC;

REVOKE ALL ON tenants, bot_texts, brands, body_types, models, model_search, search_version,
    product_categories, product_options, patterns, prices, import_runs
    FROM car_app, car_import, car_operator;
REVOKE EXECUTE ON FUNCTION require_tenant_id() FROM car_operator;
REVOKE USAGE ON SCHEMA public FROM car_operator;

GRANT SELECT ON tenants, bot_texts, brands, body_types, models, model_search, search_version,
    product_categories, product_options, patterns, prices, import_runs
    TO car_app;
GRANT SELECT, INSERT, UPDATE ON tenants, brands, body_types, models, product_categories,
    product_options
    TO car_import;
GRANT SELECT, INSERT, UPDATE, DELETE ON bot_texts, patterns, prices, model_search TO car_import;
GRANT SELECT, INSERT ON import_runs TO car_import;
GRANT SELECT, UPDATE ON search_version TO car_import;

-- Roles are cluster-wide: drop it unless another database still uses it.
DO $$
BEGIN
    DROP ROLE IF EXISTS car_operator;
EXCEPTION
    WHEN dependent_objects_still_exist THEN
        RAISE NOTICE 'role car_operator is kept: another database still uses it';
END
$$;
