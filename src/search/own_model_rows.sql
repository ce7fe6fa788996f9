-- One workshop's own models ($1: its tenant id; read with the tenant set) as search
-- rows, with negative ids so that they never meet a catalogue generation's. A brand
-- the catalogue lacks gets a negative id too (its first model's), so that its models
-- share one brand document. A model's years span its patterns' (the supplier's).
SELECT -o.id AS model_id,
       coalesce(o.brand_id, -min(o.id) OVER (PARTITION BY o.brand)) AS brand_id,
       coalesce(b.name, o.brand) AS brand,
       coalesce(b.name_ru, lower(o.brand)) AS brand_ru,
       coalesce(b.aliases, '{}') AS brand_aliases,
       o.name AS model,
       o.name_ru,
       '{}'::text[] AS aliases,
       o.generation,
       '{}'::text[] AS generation_aliases,
       y.year_from,
       y.year_to,
       bt.code AS body_type,
       bt.name_ru AS body_type_ru,
       bt.name_ky AS body_type_ky,
       0::smallint AS popularity
FROM own_models o
LEFT JOIN brands b ON b.id = o.brand_id
LEFT JOIN body_types bt ON bt.id = o.body_type_id
LEFT JOIN LATERAL (
    -- Open ends stay open: `до 2006` and `с 2014` rows widen the span to no limit.
    SELECT CASE WHEN bool_or(p.year_from IS NULL AND p.year_to IS NOT NULL) THEN NULL
                ELSE min(p.year_from) END AS year_from,
           CASE WHEN bool_or(p.year_to IS NULL AND p.year_from IS NOT NULL) THEN NULL
                ELSE max(p.year_to) END AS year_to
    FROM patterns p
    WHERE p.tenant_id = o.tenant_id AND p.own_model_id = o.id
) y ON true
WHERE o.tenant_id = $1
