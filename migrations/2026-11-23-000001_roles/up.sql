-- Three NOLOGIN group roles. Deployments grant them to login roles (see README).
-- Roles are cluster-wide, so creation must tolerate an existing role and a
-- concurrent creator (parallel test databases migrate at the same time).
DO $$
DECLARE
    role_name text;
BEGIN
    FOREACH role_name IN ARRAY ARRAY['car_owner', 'car_app', 'car_import'] LOOP
        BEGIN
            EXECUTE format('CREATE ROLE %I NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE', role_name);
        EXCEPTION
            WHEN duplicate_object OR unique_violation THEN
                NULL;
        END;
    END LOOP;
END
$$;

-- car_owner owns every table; the runtime roles only use them.
GRANT USAGE, CREATE ON SCHEMA public TO car_owner;
GRANT USAGE ON SCHEMA public TO car_app, car_import;
