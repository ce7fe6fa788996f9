-- Inserts the models given as parallel arrays (one statement for thousands of rows,
-- far cheaper than a VALUES list) whose natural key is new, and returns every given
-- row's id with its natural key. An existing row is only read, never written, so a
-- re-import rewrites nothing and imports of two tenants never wait on each other.
-- A row another transaction commits while this statement runs is skipped by the
-- insert and not yet seen by the select: the caller asks again for what is missing.
WITH given AS (
    SELECT *
    FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::bigint[], $8::jsonb[])
        AS g (brand_id, name, name_ru, generation, year_from, year_to, body_type_id, metadata)
), inserted AS (
    INSERT INTO models (brand_id, name, name_ru, generation, year_from, year_to, body_type_id, metadata)
    SELECT * FROM given
    ON CONFLICT ON CONSTRAINT models_natural_key DO NOTHING
    RETURNING id, brand_id, name, generation, year_from, year_to
)
SELECT * FROM inserted
UNION ALL
SELECT m.id, m.brand_id, m.name, m.generation, m.year_from, m.year_to
FROM models m
JOIN given g ON m.brand_id = g.brand_id AND m.name = g.name
    AND m.generation IS NOT DISTINCT FROM g.generation
    AND m.year_from IS NOT DISTINCT FROM g.year_from
    AND m.year_to IS NOT DISTINCT FROM g.year_to
