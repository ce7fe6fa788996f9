CREATE OR REPLACE FUNCTION bump_search_version() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
DECLARE
    changed boolean;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        changed := EXISTS (SELECT * FROM changed_rows EXCEPT SELECT * FROM old_rows);
    ELSE
        changed := EXISTS (SELECT 1 FROM changed_rows);
    END IF;
    IF changed THEN
        INSERT INTO search_version AS v (writer, version)
        VALUES (coalesce(current_setting('app.tenant_id', true), ''), 1)
        ON CONFLICT (writer) DO UPDATE SET version = v.version + 1;
    END IF;
    RETURN NULL;
END
$$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['bot_texts', 'patterns', 'prices', 'import_runs'] LOOP
        EXECUTE format('ALTER POLICY tenant_isolation ON %I
            USING (tenant_id = (SELECT require_tenant_id()))
            WITH CHECK (tenant_id = (SELECT require_tenant_id()))', t);
    END LOOP;
END
$$;
