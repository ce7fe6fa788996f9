-- One workshop's patterns ($1: its tenant id; read with the tenant set), one line per
-- supplier row kept, with what the chatbot believes of each: the catalogue
-- generations it fits, or the workshop's own model (pending), or its candidates.
SELECT p.supplier_id,
       p.label,
       c.code AS category,
       coalesce(g.brand, o.brand, r.brand) AS brand,
       coalesce(g.model, o.name, r.model) AS model,
       coalesce(g.name_ru, o.name_ru, r.name_ru) AS name_ru,
       coalesce(g.codes, o.generation) AS generation,
       CASE WHEN p.year_from IS NOT NULL OR p.year_to IS NOT NULL THEN p.year_from ELSE g.year_from END AS year_from,
       CASE WHEN p.year_from IS NOT NULL OR p.year_to IS NOT NULL THEN p.year_to ELSE g.year_to END AS year_to,
       coalesce(g.body_type, obt.code) AS body_type,
       p.steering,
       p.three_rows,
       p.available,
       p.own_model_id IS NOT NULL AS pending,
       r.codes AS review,
       p.notes
FROM patterns p
JOIN product_categories c ON c.id = p.category_id
LEFT JOIN LATERAL (
    SELECT min(b.name) AS brand, min(m.name) AS model, min(m.name_ru) AS name_ru,
           string_agg(m.generation, '|' ORDER BY m.year_from NULLS FIRST, m.id) AS codes,
           min(m.year_from) AS year_from,
           CASE WHEN bool_or(m.year_to IS NULL) THEN NULL ELSE max(m.year_to) END AS year_to,
           min(bt.code) AS body_type
    FROM pattern_generations pg
    JOIN models m ON m.id = pg.model_id
    JOIN brands b ON b.id = m.brand_id
    LEFT JOIN body_types bt ON bt.id = m.body_type_id
    WHERE pg.tenant_id = p.tenant_id AND pg.pattern_id = p.id
    HAVING count(*) > 0
) g ON true
LEFT JOIN own_models o ON o.tenant_id = p.tenant_id AND o.id = p.own_model_id
LEFT JOIN body_types obt ON obt.id = o.body_type_id
LEFT JOIN LATERAL (
    SELECT min(b.name) AS brand, min(m.name) AS model, min(m.name_ru) AS name_ru,
           string_agg(m.generation, '|' ORDER BY m.year_from NULLS FIRST, m.id) AS codes
    FROM unnest(p.review_candidates) AS rc (id)
    JOIN models m ON m.id = rc.id
    JOIN brands b ON b.id = m.brand_id
    HAVING count(*) > 0
) r ON true
WHERE p.tenant_id = $1
ORDER BY 4, 5, 8 NULLS FIRST, p.id
