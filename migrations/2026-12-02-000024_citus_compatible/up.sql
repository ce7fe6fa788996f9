-- A schema that a Citus cluster accepts as well as a single PostgreSQL node (the
-- distribution itself is car-migrate's, see src/citus.rs).

-- Tenant policies without a subquery, which Citus refuses in the policies of
-- distributed tables: `require_tenant_id()` is called directly instead of as
-- `(SELECT require_tenant_id())`. The function is STABLE, so an index scan still
-- evaluates it once; ARCHITECTURE.md ("Scale-out") has the measured cost.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['bot_texts', 'patterns', 'prices', 'import_runs'] LOOP
        EXECUTE format('ALTER POLICY tenant_isolation ON %I
            USING (tenant_id = require_tenant_id())
            WITH CHECK (tenant_id = require_tenant_id())', t);
    END LOOP;
END
$$;

-- On a Citus cluster the search-data tables are reference tables, and their
-- statement triggers fire on each placement (a shard such as `brands_102008`), where
-- a write through the distributed `search_version` is refused. There the trigger
-- bumps the `search_version` placement on its own node: every placement makes the
-- same bumps in the same transaction, so all placements hold the same version.
CREATE OR REPLACE FUNCTION bump_search_version() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
DECLARE
    changed boolean;
    this_writer text := coalesce(current_setting('app.tenant_id', true), '');
    placement text;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        changed := EXISTS (SELECT * FROM changed_rows EXCEPT SELECT * FROM old_rows);
    ELSE
        changed := EXISTS (SELECT 1 FROM changed_rows);
    END IF;
    IF NOT changed THEN
        RETURN NULL;
    END IF;
    IF TG_TABLE_NAME = ANY (ARRAY['brands', 'body_types', 'models', 'model_search']) THEN
        INSERT INTO search_version AS v (writer, version) VALUES (this_writer, 1)
        ON CONFLICT ON CONSTRAINT search_version_pkey DO UPDATE SET version = v.version + 1;
    ELSE
        -- A shard: Citus's catalog names the local placement of search_version.
        EXECUTE 'SELECT shard_name(''search_version''::regclass, s.shardid)
                 FROM pg_dist_shard s WHERE s.logicalrelid = ''search_version''::regclass'
            INTO placement;
        EXECUTE format(
            'INSERT INTO %s AS v (writer, version) VALUES ($1, 1)
             ON CONFLICT (writer) DO UPDATE SET version = v.version + 1', placement)
            USING this_writer;
    END IF;
    RETURN NULL;
END
$$;
