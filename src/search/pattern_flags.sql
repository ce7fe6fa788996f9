-- Which of the models $1 tenant $2 has an available pattern for (in the category
-- with code $3, or in any: NULL), whether that category exists, and the search
-- data's version the caller's in-memory index is checked against. Driven by the
-- model ids (an index lookup each), so the prepared statement's generic plan is fast.
SELECT (SELECT version FROM search_version) AS version,
       $3::text IS NULL OR EXISTS (SELECT 1 FROM product_categories WHERE code = $3) AS category_known,
       ARRAY(
           SELECT DISTINCT p.model_id
           FROM unnest($1::bigint[]) AS c (model_id)
           JOIN patterns p ON p.tenant_id = $2 AND p.model_id = c.model_id
           JOIN product_categories pc ON pc.id = p.category_id
           WHERE p.available AND ($3::text IS NULL OR pc.code = $3)
       ) AS available
