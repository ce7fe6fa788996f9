-- Inserts one tenant's patterns of one category given as parallel arrays, or
-- updates the one with the same variant key; returns each row's id and key.
INSERT INTO patterns (tenant_id, category_id, variant_key, supplier_id, label, year_from, year_to,
                      steering, three_rows, own_model_id, review_candidates, available, notes)
SELECT $1, $2, u.variant_key, u.supplier_id, u.label, u.year_from, u.year_to,
       u.steering, u.three_rows, u.own_model_id, u.review_candidates::bigint[], u.available, u.notes
FROM unnest($3::text[], $4::text[], $5::text[], $6::int[], $7::int[], $8::text[], $9::bool[],
            $10::bigint[], $11::text[], $12::bool[], $13::text[])
    AS u (variant_key, supplier_id, label, year_from, year_to, steering, three_rows,
          own_model_id, review_candidates, available, notes)
ON CONFLICT (tenant_id, category_id, variant_key) DO UPDATE
SET supplier_id = excluded.supplier_id, label = excluded.label, year_from = excluded.year_from,
    year_to = excluded.year_to, steering = excluded.steering, three_rows = excluded.three_rows,
    own_model_id = excluded.own_model_id, review_candidates = excluded.review_candidates,
    available = excluded.available, notes = excluded.notes
RETURNING id, variant_key
