-- Back to one pattern per (tenant, model, category). A workshop's own models become
-- catalogue rows again (as imports made them); of several variants linked to one
-- generation, the first pattern stays. Rows of review keep their first candidate.
DROP FUNCTION search_pattern_flags(bigint, bigint[], text);
CREATE FUNCTION search_pattern_flags(
    for_tenant bigint,
    model_ids bigint[],
    category_code text,
    OUT data_version bigint,
    OUT category_known boolean,
    OUT with_pattern bigint[]
)
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
DECLARE
    found_tenant text := coalesce(current_setting('app.tenant_id', true), '');
BEGIN
    IF found_tenant NOT IN ('', for_tenant::text) THEN
        RAISE EXCEPTION 'search_pattern_flags: this transaction is set for tenant %, not for tenant %',
            found_tenant, for_tenant
            USING ERRCODE = '42501';
    END IF;
    PERFORM set_config('app.tenant_id', for_tenant::text, true);
    SELECT coalesce(sum(v.version), 0)::bigint INTO data_version FROM search_version v;
    category_known := category_code IS NULL
        OR EXISTS (SELECT 1 FROM product_categories c WHERE c.code = category_code);
    with_pattern := ARRAY(
        SELECT DISTINCT p.model_id
        FROM unnest(model_ids) AS m (id)
        JOIN patterns p ON p.tenant_id = for_tenant AND p.model_id = m.id
        JOIN product_categories c ON c.id = p.category_id
        WHERE p.available AND (category_code IS NULL OR c.code = category_code)
    );
    PERFORM set_config('app.tenant_id', found_tenant, true);
END
$$;
ALTER FUNCTION search_pattern_flags(bigint, bigint[], text) OWNER TO car_owner;
REVOKE EXECUTE ON FUNCTION search_pattern_flags(bigint, bigint[], text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION search_pattern_flags(bigint, bigint[], text) TO car_app, car_import;

REVOKE SELECT ON import_runs FROM car_app;
GRANT INSERT, UPDATE ON brands, models, model_search TO car_import;
GRANT INSERT, UPDATE ON search_version TO car_import;
REVOKE SELECT, UPDATE ON patterns FROM car_operator;

ALTER TABLE patterns NO FORCE ROW LEVEL SECURITY;
ALTER TABLE own_models NO FORCE ROW LEVEL SECURITY;
ALTER TABLE pattern_generations NO FORCE ROW LEVEL SECURITY;
ALTER TABLE patterns ADD COLUMN model_id bigint, ADD COLUMN source text NOT NULL DEFAULT '';

INSERT INTO brands (name, name_ru, slug)
SELECT DISTINCT o.brand, lower(o.brand), 'own-' || md5(o.brand)
FROM own_models o
WHERE o.brand_id IS NULL
ON CONFLICT (name) DO NOTHING;
INSERT INTO models (brand_id, name, name_ru, generation, body_type_id, metadata)
SELECT DISTINCT ON (b.id, o.name, o.generation)
    b.id, o.name, o.name_ru, o.generation, o.body_type_id, '{"source": "supplier"}'
FROM own_models o JOIN brands b ON b.name = o.brand
ON CONFLICT ON CONSTRAINT models_natural_key DO NOTHING;

UPDATE patterns p
SET model_id = coalesce(
        (SELECT min(g.model_id) FROM pattern_generations g
         WHERE g.tenant_id = p.tenant_id AND g.pattern_id = p.id),
        (SELECT m.id FROM own_models o JOIN brands b ON b.name = o.brand
         JOIN models m ON m.brand_id = b.id AND m.name = o.name
             AND m.generation IS NOT DISTINCT FROM o.generation
             AND m.year_from IS NULL AND m.year_to IS NULL
         WHERE o.tenant_id = p.tenant_id AND o.id = p.own_model_id),
        p.review_candidates[1]),
    source = 'supplier #' || p.supplier_id;
DELETE FROM patterns p
WHERE p.model_id IS NULL
   OR EXISTS (SELECT FROM patterns q
              WHERE (q.tenant_id, q.category_id, q.model_id) = (p.tenant_id, p.category_id, p.model_id)
                AND q.id < p.id);

DROP TABLE pattern_generations;
ALTER TABLE patterns DROP CONSTRAINT patterns_pkey;
DROP INDEX patterns_own_model;
ALTER TABLE patterns
    DROP CONSTRAINT patterns_variant,
    DROP COLUMN id, DROP COLUMN variant_key, DROP COLUMN supplier_id, DROP COLUMN label,
    DROP COLUMN year_from, DROP COLUMN year_to, DROP COLUMN steering, DROP COLUMN three_rows,
    DROP COLUMN own_model_id, DROP COLUMN review_candidates;
DROP TABLE own_models;
ALTER TABLE patterns ALTER COLUMN model_id SET NOT NULL,
    ADD CONSTRAINT patterns_model_id_fkey FOREIGN KEY (model_id) REFERENCES models (id),
    ADD CONSTRAINT patterns_pkey PRIMARY KEY (tenant_id, model_id, category_id) INCLUDE (available);
ALTER TABLE patterns FORCE ROW LEVEL SECURITY;

COMMENT ON TABLE patterns IS 'Which tenant can make which category for which model.';
COMMENT ON COLUMN patterns.source IS 'Where the row came from, e.g. the supplier file and its row id.';
