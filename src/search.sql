-- Plain trigram candidates: how well each model's and brand's names and aliases
-- match some part of the customer's message ($1, lower-cased). $2 is the tenant,
-- $3 the category whose patterns count (NULL: any).
WITH scored AS (
    SELECT m.id AS model_id,
           b.name AS brand,
           m.name AS model,
           m.name_ru,
           m.generation,
           m.generation_aliases,
           m.year_from,
           m.year_to,
           bt.code AS body_type,
           m.popularity,
           (SELECT max(word_similarity(lower(n), $1))
              FROM unnest(ARRAY[m.name, coalesce(m.name_ru, '')] || m.aliases) AS n)::float8 AS model_score,
           (SELECT max(word_similarity(lower(n), $1))
              FROM unnest(ARRAY[b.name, b.name_ru] || b.aliases) AS n)::float8 AS brand_score,
           EXISTS (
               SELECT 1 FROM patterns p
               WHERE p.tenant_id = $2 AND p.model_id = m.id AND p.available
                 AND ($3::bigint IS NULL OR p.category_id = $3)
           ) AS pattern_available
    FROM models m
    JOIN brands b ON b.id = m.brand_id
    LEFT JOIN body_types bt ON bt.id = m.body_type_id
)
SELECT * FROM scored
WHERE model_score >= 0.4 OR brand_score >= 0.6
ORDER BY model_score + 0.5 * brand_score DESC, popularity DESC, model_id
LIMIT 100
