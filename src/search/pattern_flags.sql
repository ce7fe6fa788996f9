-- Which of the models $1 tenant $2 has an available pattern for (in the category
-- with code $3, or in any: NULL), whether that category exists, and the search
-- data's version the caller's in-memory index is checked against.
SELECT (SELECT version FROM search_version) AS version,
       $3::text IS NULL OR EXISTS (SELECT 1 FROM product_categories WHERE code = $3) AS category_known,
       ARRAY(
           SELECT DISTINCT p.model_id FROM patterns p
           WHERE p.tenant_id = $2 AND p.model_id = ANY ($1) AND p.available
             AND ($3::text IS NULL OR p.category_id = (SELECT id FROM product_categories WHERE code = $3))
       ) AS available
