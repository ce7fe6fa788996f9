-- Every spelling of each model (brand id $1[i], model name $2[i]; all when NULL):
-- names, Russian names, aliases, generation codes and generation aliases of all
-- its rows, with the brand's spellings.
SELECT b.id AS brand_id,
       b.name AS brand,
       b.name_ru AS brand_ru,
       b.aliases AS brand_aliases,
       m.name AS model,
       array_agg(DISTINCT s) FILTER (WHERE s IS NOT NULL AND s <> '') AS spellings
FROM models m
JOIN brands b ON b.id = m.brand_id,
     unnest(ARRAY[m.name, m.name_ru, m.generation] || m.aliases || m.generation_aliases) AS s
WHERE $1::bigint[] IS NULL
   OR (m.brand_id, m.name) IN (SELECT * FROM unnest($1::bigint[], $2::text[]))
GROUP BY b.id, m.name
