-- Chatbot processes hold the search data in memory (the library's candidate index:
-- brands, body types, models and their search documents) and compare this counter
-- with the one they loaded on every search, so an import made elsewhere reaches
-- them on the next message. A statement that changes rows of those tables bumps it
-- once; one that changes none (an upsert rewriting rows as they were included)
-- leaves it alone, so an import that changes nothing does not make every chatbot
-- reload.
CREATE TABLE search_version (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    version bigint NOT NULL
);
INSERT INTO search_version (version) VALUES (1);

COMMENT ON TABLE search_version IS 'Bumped whenever brands, body_types, models or model_search change; processes reload their in-memory search index when it moves.';

CREATE FUNCTION bump_search_version() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = public
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
        UPDATE search_version SET version = version + 1;
    END IF;
    RETURN NULL;
END
$$;

-- Transition tables allow one event per trigger: three triggers a table.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['brands', 'body_types', 'models', 'model_search'] LOOP
        EXECUTE format('CREATE TRIGGER %1$s_search_inserted AFTER INSERT ON %1$I
            REFERENCING NEW TABLE AS changed_rows
            FOR EACH STATEMENT EXECUTE FUNCTION bump_search_version()', t);
        EXECUTE format('CREATE TRIGGER %1$s_search_updated AFTER UPDATE ON %1$I
            REFERENCING OLD TABLE AS old_rows NEW TABLE AS changed_rows
            FOR EACH STATEMENT EXECUTE FUNCTION bump_search_version()', t);
        EXECUTE format('CREATE TRIGGER %1$s_search_deleted AFTER DELETE ON %1$I
            REFERENCING OLD TABLE AS changed_rows
            FOR EACH STATEMENT EXECUTE FUNCTION bump_search_version()', t);
    END LOOP;
END
$$;

ALTER TABLE search_version OWNER TO car_owner;
ALTER FUNCTION bump_search_version() OWNER TO car_owner;
GRANT SELECT ON search_version TO car_app;
GRANT SELECT, UPDATE ON search_version TO car_import;

-- Candidates now come from the in-memory index; the GiST index only slowed writes.
-- The documents are derived from models, which reference brands; a per-row foreign
-- key check on them cost a third of rewriting them.
DROP INDEX model_search_doc;
ALTER TABLE model_search DROP CONSTRAINT model_search_brand_id_fkey;
