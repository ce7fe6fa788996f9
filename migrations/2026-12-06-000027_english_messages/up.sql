-- The library's sessions ask for the server's messages in English
-- (`SET lc_messages = 'C'`), whatever the server's locale: diesel keeps no SQLSTATE,
-- so a lock timeout or a deadlock is known by its message. Setting lc_messages needs
-- this grant (PostgreSQL 15); a migration run by a role that cannot give it (not a
-- superuser) leaves it out, and the sessions keep the server's language.
DO $$
BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        GRANT SET ON PARAMETER lc_messages TO car_app, car_import, car_operator;
    ELSE
        RAISE NOTICE 'not a superuser: lc_messages stays the server''s (errors are classified by English messages)';
    END IF;
END
$$;
