SELECT current_user::text AS role,
       (r.rolsuper OR r.rolbypassrls) AS bypasses_rls,
       EXISTS (
           SELECT 1 FROM pg_class c
           WHERE c.relowner = r.oid AND c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
       ) AS owns_tables,
       -- Migrated far enough to read the migrations list (check_session then compares
       -- the newest applied with the newest the library embeds).
       coalesce(has_table_privilege(to_regclass('public.__diesel_schema_migrations'), 'SELECT'), false)
           AND to_regproc('public.show_trgm') IS NOT NULL AS migrated,
       current_database()::text AS database,
       d.datctype::text AS ctype,
       -- pg_trgm takes its word characters from LC_CTYPE, as lower() does.
       lower('ЖX') = 'жx' AS ctype_knows_cyrillic
FROM pg_roles r, pg_database d
WHERE r.rolname = current_user AND d.datname = current_database()
