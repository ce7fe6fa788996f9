-- Inserts one tenant's patterns of one category given as parallel arrays, or updates
-- availability, notes and source of the existing ones.
INSERT INTO patterns (tenant_id, category_id, model_id, available, notes, source)
SELECT $1, $2, u.model_id, u.available, u.notes, u.source
FROM unnest($3::bigint[], $4::bool[], $5::text[], $6::text[]) AS u (model_id, available, notes, source)
ON CONFLICT (tenant_id, category_id, model_id) DO UPDATE
SET available = excluded.available, notes = excluded.notes, source = excluded.source
