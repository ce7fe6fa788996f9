CREATE INDEX models_brand_id ON models (brand_id);
CREATE INDEX patterns_tenant_model ON patterns (tenant_id, model_id);
ALTER TABLE patterns DROP CONSTRAINT patterns_pkey;
ALTER TABLE patterns ADD CONSTRAINT patterns_pkey PRIMARY KEY (tenant_id, category_id, model_id);
