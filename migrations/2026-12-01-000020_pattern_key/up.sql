-- The search asks, for a tenant and a few hundred model ids, which have an available
-- pattern: one key in that order, carrying `available`, answers from the index alone
-- (at 900k patterns: 517 -> 94 buffers a search). It replaces both the old key and
-- the (tenant_id, model_id) index. models_brand_id repeats the natural key's prefix.
-- On a large live table run these as a DBA would (see ARCHITECTURE.md, "Online
-- migrations"); on the sizes this schema has today they take milliseconds.
ALTER TABLE patterns DROP CONSTRAINT patterns_pkey;
ALTER TABLE patterns ADD CONSTRAINT patterns_pkey
    PRIMARY KEY (tenant_id, model_id, category_id) INCLUDE (available);
DROP INDEX patterns_tenant_model;
DROP INDEX models_brand_id;
