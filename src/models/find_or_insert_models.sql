-- Inserts models given as parallel arrays (one statement for thousands of rows,
-- far cheaper than a VALUES list) and returns every row's id with its natural key.
-- An existing row keeps its data: the no-op update only makes RETURNING see it.
INSERT INTO models (brand_id, name, name_ru, generation, year_from, year_to, body_type_id, metadata)
SELECT *
FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::bigint[], $8::jsonb[])
ON CONFLICT ON CONSTRAINT models_natural_key DO UPDATE SET name = excluded.name
RETURNING id, brand_id, name, generation, year_from, year_to
