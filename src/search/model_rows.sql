-- Every model with what the re-ranker needs, for the in-memory candidate index.
-- Unsorted: sorting 50,000 wide rows spilled to disk on every reload; the caller
-- orders them by id, which is all the index needs.
SELECT m.id AS model_id,
       b.id AS brand_id,
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
       bt.name_ru AS body_type_ru,
       bt.name_ky AS body_type_ky,
       m.popularity
FROM models m
JOIN brands b ON b.id = m.brand_id
LEFT JOIN body_types bt ON bt.id = m.body_type_id
