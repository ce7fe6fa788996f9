SELECT current_user::text AS role,
       (r.rolsuper OR r.rolbypassrls) AS bypasses_rls,
       EXISTS (
           SELECT 1 FROM pg_class c
           WHERE c.relowner = r.oid AND c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
       ) AS owns_tables,
       current_database()::text AS database,
       d.datctype::text AS ctype,
       cardinality(show_trgm('ж')) > 0 AS trigrams_see_cyrillic
FROM pg_roles r, pg_database d
WHERE r.rolname = current_user AND d.datname = current_database()
