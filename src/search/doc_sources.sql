-- The spellings of every row of these models (brand id $1[i], model name $2[i]; all
-- when NULL): Russian name, generation code, aliases and generation aliases. The
-- library groups them by model (cheaper there than a DISTINCT aggregate here).
SELECT m.brand_id,
       m.name AS model,
       array_remove(ARRAY[m.name_ru, m.generation], NULL) || m.aliases || m.generation_aliases AS spellings
FROM models m
WHERE $1::bigint[] IS NULL
   OR (m.brand_id, m.name) IN (SELECT * FROM unnest($1::bigint[], $2::text[]))
