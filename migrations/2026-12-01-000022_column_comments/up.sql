-- Every column says what it holds (diesel print-schema copies these into src/schema.rs).
COMMENT ON COLUMN body_types.id IS 'Surrogate key.';
COMMENT ON COLUMN body_types.code IS 'Stable code used in data files and the API, e.g. `sedan`, `suv`.';
COMMENT ON COLUMN body_types.name_ru IS 'Name shown to customers in Russian.';
COMMENT ON COLUMN body_types.name_ky IS 'Name shown to customers in Kyrgyz.';
COMMENT ON COLUMN body_types.sort_order IS 'Position in lists shown to customers (ascending).';

COMMENT ON COLUMN bot_texts.tenant_id IS 'The workshop whose chatbot says this text.';
COMMENT ON COLUMN bot_texts.text IS 'The message as the chatbot sends it.';
COMMENT ON COLUMN bot_texts.updated_at IS 'When the text last changed.';

COMMENT ON COLUMN brands.id IS 'Surrogate key.';
COMMENT ON COLUMN brands.slug IS 'Stable Latin identifier, e.g. `toyota`, `lada`.';
COMMENT ON COLUMN brands.created_at IS 'When the brand was added (by the seed or an import).';
COMMENT ON COLUMN brands.updated_at IS 'When the brand last changed.';

COMMENT ON COLUMN import_runs.tenant_id IS 'The workshop the file was imported for.';
COMMENT ON COLUMN import_runs.id IS 'Surrogate key.';
COMMENT ON COLUMN import_runs.category_id IS 'The product category the patterns are for; NULL when the run failed before it was known.';
COMMENT ON COLUMN import_runs.file_name IS 'The supplier file as given to car-import.';
COMMENT ON COLUMN import_runs.file_sha256 IS 'SHA-256 of the file''s bytes (lowercase hex): the same file gives the same value.';
COMMENT ON COLUMN import_runs.started_at IS 'When car-import began the run.';
COMMENT ON COLUMN import_runs.finished_at IS 'When the run ended (committed or failed).';
COMMENT ON COLUMN import_runs.rows_read IS 'Supplier rows read from the file.';
COMMENT ON COLUMN import_runs.added IS 'Patterns the run added.';
COMMENT ON COLUMN import_runs.updated IS 'Patterns whose notes or availability the run changed.';
COMMENT ON COLUMN import_runs.unchanged IS 'Patterns the file listed as they already were.';
COMMENT ON COLUMN import_runs.made_unavailable IS 'Patterns the file no longer lists, made unavailable.';
COMMENT ON COLUMN import_runs.rejected IS 'Supplier rows rejected by cleaning (written to the rejects file with reasons).';
COMMENT ON COLUMN import_runs.error IS 'Why the run failed; NULL when it did not.';

COMMENT ON COLUMN model_search.brand_id IS 'The brand the document is about.';
COMMENT ON COLUMN model_search.model_name IS 'The model the document is about; empty for the brand''s own document.';
COMMENT ON COLUMN model_search.doc IS 'Every spelling of the brand and model, normalized, for the search index.';

COMMENT ON COLUMN models.id IS 'Surrogate key.';
COMMENT ON COLUMN models.brand_id IS 'The model''s brand.';
COMMENT ON COLUMN models.body_type_id IS 'The body type, when known.';
COMMENT ON COLUMN models.created_at IS 'When the row was added (by the seed or an import).';
COMMENT ON COLUMN models.updated_at IS 'When the row last changed.';

COMMENT ON COLUMN patterns.tenant_id IS 'The workshop that has the pattern.';
COMMENT ON COLUMN patterns.category_id IS 'The product the pattern is for (EVA mats, seat covers…).';
COMMENT ON COLUMN patterns.model_id IS 'The car model (and generation) the pattern fits.';
COMMENT ON COLUMN patterns.created_at IS 'When the pattern was first imported.';
COMMENT ON COLUMN patterns.updated_at IS 'When an import last changed it.';

COMMENT ON COLUMN prices.tenant_id IS 'The workshop whose price this is.';
COMMENT ON COLUMN prices.id IS 'Surrogate key.';
COMMENT ON COLUMN prices.category_id IS 'The product priced.';
COMMENT ON COLUMN prices.amount IS 'The price, or the option''s surcharge, in `currency`.';
COMMENT ON COLUMN prices.currency IS 'ISO 4217 code, e.g. `KGS`.';
COMMENT ON COLUMN prices.created_at IS 'When the price was entered.';

COMMENT ON COLUMN product_categories.id IS 'Surrogate key.';
COMMENT ON COLUMN product_categories.code IS 'Stable code used in data files and the API, e.g. `eva_mats`.';
COMMENT ON COLUMN product_categories.name_ru IS 'Name shown to customers in Russian.';
COMMENT ON COLUMN product_categories.name_ky IS 'Name shown to customers in Kyrgyz.';
COMMENT ON COLUMN product_categories.description_ru IS 'What the product is, in Russian.';
COMMENT ON COLUMN product_categories.description_ky IS 'What the product is, in Kyrgyz.';
COMMENT ON COLUMN product_categories.sort_order IS 'Position in lists shown to customers (ascending).';
COMMENT ON COLUMN product_categories.active IS 'Inactive categories are not offered or quoted.';

COMMENT ON COLUMN product_options.id IS 'Surrogate key.';
COMMENT ON COLUMN product_options.category_id IS 'The product the option belongs to.';
COMMENT ON COLUMN product_options.code IS 'Stable code used in data files and the API, e.g. `with_borders`.';
COMMENT ON COLUMN product_options.name_ru IS 'Name shown to customers in Russian.';
COMMENT ON COLUMN product_options.name_ky IS 'Name shown to customers in Kyrgyz.';
COMMENT ON COLUMN product_options.sort_order IS 'Position in lists shown to customers (ascending).';

COMMENT ON COLUMN search_version.only_row IS 'Always true: the table has exactly one row.';
COMMENT ON COLUMN search_version.version IS 'Bumped by triggers when brands, body types, models or search documents change.';

COMMENT ON COLUMN tenants.id IS 'Surrogate key; every per-tenant row points here.';
COMMENT ON COLUMN tenants.name IS 'The workshop''s name as customers know it.';
COMMENT ON COLUMN tenants.created_at IS 'When the workshop was added.';
COMMENT ON COLUMN tenants.updated_at IS 'When the directory entry last changed.';

-- The library compares the newest migration applied with the newest it embeds, so a
-- database behind the binary is refused with "not migrated" rather than failing later.
GRANT SELECT ON __diesel_schema_migrations TO car_app, car_import, car_operator;
