ALTER TABLE model_search ADD FOREIGN KEY (brand_id) REFERENCES brands (id);
CREATE INDEX model_search_doc ON model_search USING gist (doc gist_trgm_ops);
DROP FUNCTION bump_search_version() CASCADE;
DROP TABLE search_version;
