-- Writes search documents given as parallel arrays.
INSERT INTO model_search (brand_id, model_name, doc)
SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[])
ON CONFLICT (brand_id, model_name) DO UPDATE SET doc = excluded.doc
WHERE model_search.doc IS DISTINCT FROM excluded.doc
