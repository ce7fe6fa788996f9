-- Least privilege: each role gets exactly what its code uses
-- (tests/schema_details.rs lists every grant and compares).
--   car_app       chatbots: reads what they answer from.
--   car_import    car-import: reads the catalogue and its tenant, adds brands, models
--                 and their search documents, writes its tenant's patterns and runs.
--   car_operator  car-migrate seed and the operator tools: the tenant directory, each
--                 tenant's prices and bot texts, and the shared catalogue.
DO $$
BEGIN
    CREATE ROLE car_operator NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
EXCEPTION
    WHEN duplicate_object OR unique_violation THEN
        NULL;
END
$$;
GRANT USAGE ON SCHEMA public TO car_operator;

REVOKE ALL ON tenants, bot_texts, brands, body_types, models, model_search, search_version,
    product_categories, product_options, patterns, prices, import_runs
    FROM car_app, car_import;

GRANT SELECT ON tenants, bot_texts, brands, body_types, models, model_search, search_version,
    product_categories, product_options, patterns, prices
    TO car_app;

GRANT SELECT ON tenants, brands, body_types, models, model_search, search_version,
    product_categories, product_options, patterns, import_runs
    TO car_import;
-- Only so that an import may lock its tenant's row (FOR NO KEY UPDATE needs UPDATE on
-- a column); the directory itself is the operator's.
GRANT UPDATE (updated_at) ON tenants TO car_import;
GRANT INSERT ON brands, models, model_search, patterns, import_runs TO car_import;
-- Search documents of the models an import adds; patterns it updates or retires; the
-- version the search triggers bump.
GRANT UPDATE ON model_search, patterns, search_version TO car_import;

GRANT SELECT, INSERT, UPDATE ON tenants, bot_texts, prices, brands, body_types, models,
    model_search, product_categories, product_options
    TO car_operator;
GRANT SELECT, UPDATE ON search_version TO car_operator;
GRANT EXECUTE ON FUNCTION require_tenant_id() TO car_operator;

-- Functions created later by car_owner are not executable by everybody.
ALTER DEFAULT PRIVILEGES FOR ROLE car_owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
