-- car_backup: what backups run as (`pg_dump --role=car_backup`, or a login role that
-- is a member of it; see README). A backup reads every tenant's rows, so the role
-- bypasses row-level security; it writes nothing, and the library refuses to run as it.
DO $$
BEGIN
    CREATE ROLE car_backup NOLOGIN NOSUPERUSER BYPASSRLS NOCREATEDB NOCREATEROLE;
EXCEPTION
    WHEN duplicate_object OR unique_violation THEN
        NULL;
END
$$;
GRANT USAGE ON SCHEMA public TO car_backup;
-- Every table (the migrations list too) and the identity sequences; a migration that
-- adds a table grants it too (a test checks that the role reads every table).
GRANT SELECT ON ALL TABLES IN SCHEMA public TO car_backup;
GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO car_backup;
