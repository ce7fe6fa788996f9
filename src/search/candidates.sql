-- Candidates by trigram KNN on the search documents ($1: the query's words and
-- skeletons): models directly, and for a brand document the brand's most common
-- models. Then every row of those models with what the re-ranker needs and whether
-- tenant $2 has an available pattern for it (in category $3, or any: NULL).
WITH hits AS (
    SELECT brand_id, model_name FROM model_search ORDER BY doc <->> $1 LIMIT $4
),
candidates AS (
    SELECT brand_id, model_name FROM hits WHERE model_name <> ''
    UNION
    SELECT top.brand_id, top.name
    FROM hits h
    CROSS JOIN LATERAL (
        SELECT m.brand_id, m.name FROM models m
        WHERE m.brand_id = h.brand_id
        GROUP BY m.brand_id, m.name
        ORDER BY max(m.popularity) DESC, m.name
        LIMIT 10
    ) top
    WHERE h.model_name = ''
)
SELECT m.id AS model_id,
       b.name AS brand,
       b.name_ru AS brand_ru,
       b.aliases AS brand_aliases,
       m.name AS model,
       m.name_ru,
       m.aliases,
       m.generation,
       m.generation_aliases,
       m.year_from,
       m.year_to,
       bt.code AS body_type,
       m.popularity,
       ARRAY(SELECT jsonb_array_elements_text(coalesce(m.metadata -> 'catalogue_generations', '[]'))) AS linked_generations,
       EXISTS (
           SELECT 1 FROM patterns p
           WHERE p.tenant_id = $2 AND p.model_id = m.id AND p.available
             AND ($3::bigint IS NULL OR p.category_id = $3)
       ) AS pattern_available
FROM candidates c
JOIN models m ON m.brand_id = c.brand_id AND m.name = c.model_name
JOIN brands b ON b.id = m.brand_id
LEFT JOIN body_types bt ON bt.id = m.body_type_id
