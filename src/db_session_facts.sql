SELECT current_user::text AS role,
       (r.rolsuper OR r.rolbypassrls) AS bypasses_rls,
       EXISTS (
           SELECT 1 FROM pg_class c
           WHERE c.relowner = r.oid AND c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
       ) AS owns_tables,
       -- Objects of the newest migrations: update when a migration adds one.
       -- (000021 added is_time_zone.)
       to_regproc('public.is_time_zone') IS NOT NULL AND to_regproc('public.show_trgm') IS NOT NULL AS migrated,
       current_database()::text AS database,
       d.datctype::text AS ctype,
       -- pg_trgm takes its word characters from LC_CTYPE, as lower() does.
       lower('ЖX') = 'жx' AS ctype_knows_cyrillic
FROM pg_roles r, pg_database d
WHERE r.rolname = current_user AND d.datname = current_database()
