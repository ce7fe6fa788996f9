-- Every model with what the re-ranker needs, for the in-memory candidate index, and
-- the search data's version on each row: one statement reads both in one snapshot,
-- also inside a reply's transaction.
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
       m.popularity,
       (SELECT coalesce(sum(v.version), 0)::bigint FROM search_version v) AS data_version
FROM models m
JOIN brands b ON b.id = m.brand_id
LEFT JOIN body_types bt ON bt.id = m.body_type_id
