REVOKE USAGE ON SCHEMA public FROM car_app, car_import;
REVOKE USAGE, CREATE ON SCHEMA public FROM car_owner;

-- Roles are cluster-wide: drop them unless another database still uses them.
DO $$
DECLARE
    role_name text;
BEGIN
    FOREACH role_name IN ARRAY ARRAY['car_import', 'car_app', 'car_owner'] LOOP
        BEGIN
            EXECUTE format('DROP ROLE IF EXISTS %I', role_name);
        EXCEPTION
            WHEN dependent_objects_still_exist THEN
                RAISE NOTICE 'role % is kept: another database still uses it', role_name;
        END;
    END LOOP;
END
$$;
