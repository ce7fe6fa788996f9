-- See the function in migration 000025 ($1: tenant, $2: model ids, $3: category code or NULL).
SELECT data_version AS version, own_version, category_known, with_pattern AS available
FROM search_pattern_flags($1, $2, $3)
