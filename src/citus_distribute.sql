-- Distributes the schema on a Citus coordinator; car-migrate runs it after the
-- migrations whenever the database has the citus extension. Safe to run again: each
-- step is skipped when done. See ARCHITECTURE.md, "Scale-out on Citus".
CREATE TEMP TABLE citus_saved_fks (tbl text, name text, def text) ON COMMIT DROP;

DO $$
DECLARE
    -- Shared by all tenants, small, joined with every tenant's rows: a copy on every
    -- node. `tenants` too: every per-tenant table has a foreign key to it, a
    -- chatbot finds its tenant by slug (a unique key a distributed table could only
    -- hold with the distribution column), and it holds a few rows per workshop.
    reference_tables text[] := ARRAY['tenants', 'brands', 'body_types', 'product_categories',
        'models', 'product_options', 'model_search', 'search_version'];
    -- Per-tenant rows, spread by tenant and colocated: one tenant's rows of all of
    -- them are on one node.
    tenant_tables text[] := ARRAY['bot_texts', 'patterns', 'prices', 'import_runs', 'own_models',
        'pattern_generations'];
    t text;
    fk record;
BEGIN
    -- The search-data tables have triggers (search_version), which Citus accepts only
    -- when told they are safe: they write on their own node (migration 000024).
    PERFORM set_config('citus.enable_unsafe_triggers', 'on', true);
    -- A reference table's foreign keys from local tables would turn those into Citus
    -- local tables first (refused for identity columns): the per-tenant tables lose
    -- their foreign keys until all tables are distributed, in this transaction.
    IF EXISTS (SELECT FROM unnest(tenant_tables) AS u (name)
               WHERE NOT EXISTS (SELECT FROM citus_tables c
                                 WHERE c.table_name = u.name::regclass
                                   AND c.citus_table_type = 'distributed')) THEN
        FOR fk IN
            SELECT c.conrelid::regclass::text AS tbl, c.conname, pg_get_constraintdef(c.oid) AS def
            FROM pg_constraint c
            WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY (tenant_tables)
        LOOP
            INSERT INTO citus_saved_fks VALUES (fk.tbl, fk.conname, fk.def);
            EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', fk.tbl, fk.conname);
        END LOOP;
    END IF;
    -- A table pointing to a new reference table becomes a Citus local table at once;
    -- it is made a reference table in its turn.
    FOREACH t IN ARRAY reference_tables LOOP
        IF NOT EXISTS (SELECT FROM citus_tables c
                       WHERE c.table_name = t::regclass AND c.citus_table_type = 'reference') THEN
            PERFORM create_reference_table(t);
        END IF;
    END LOOP;
    FOREACH t IN ARRAY tenant_tables LOOP
        IF NOT EXISTS (SELECT FROM citus_tables c
                       WHERE c.table_name = t::regclass AND c.citus_table_type = 'distributed') THEN
            PERFORM create_distributed_table(t, 'tenant_id',
                colocate_with => CASE WHEN t = tenant_tables[1] THEN 'default' ELSE tenant_tables[1] END);
        END IF;
    END LOOP;
END
$$;

-- A new statement: Citus sees the tables as distributed only once the one that
-- distributed them has ended.
DO $$
DECLARE
    fk record;
BEGIN
    -- One constraint per ALTER TABLE: Citus refuses several foreign keys in one.
    FOR fk IN SELECT * FROM citus_saved_fks LOOP
        EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I %s', fk.tbl, fk.name, fk.def);
    END LOOP;
    -- The search's one statement runs on the node holding the tenant's patterns.
    IF NOT EXISTS (SELECT FROM pg_dist_object o
                   WHERE o.objid = 'search_pattern_flags(bigint, bigint[], text)'::regprocedure
                     AND o.distribution_argument_index IS NOT NULL) THEN
        PERFORM create_distributed_function('search_pattern_flags(bigint, bigint[], text)',
            'for_tenant', colocate_with => 'patterns');
    END IF;
    -- Every session of this database, on every node (Citus propagates both):
    -- `SET LOCAL app.tenant_id` reaches the workers, where the policies read it;
    -- writes to reference tables go through the coordinator only, so they need no
    -- lock on the first worker, which Citus takes as the writing role and which
    -- would need write privileges on every table a reference table points to.
    EXECUTE format('ALTER DATABASE %I SET citus.propagate_set_commands = %L',
        current_database(), 'local');
    EXECUTE format('ALTER DATABASE %I SET citus.allow_modifications_from_workers_to_replicated_tables = off',
        current_database());
    -- Citus opens worker connections as the role the session acts as: the runtime
    -- roles must be allowed to log in there (with passwords or certificates the DBA
    -- gives them, see README "Scale-out").
    ALTER ROLE car_app LOGIN;
    ALTER ROLE car_import LOGIN;
    ALTER ROLE car_operator LOGIN;
END
$$;
