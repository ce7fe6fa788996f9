-- One search document per model (a brand and a model name, all its generations and
-- supplier rows): every spelling of the brand and the model, their aliases and
-- generation words, each also as a phonetic Latin skeleton. Built by the library
-- (one text normaliser for documents and queries) when reference data or a supplier
-- file is loaded. GiST serves `ORDER BY doc <->> query LIMIT n` (trigram KNN).
CREATE TABLE model_search (
    brand_id bigint NOT NULL REFERENCES brands (id),
    model_name text NOT NULL,
    doc text NOT NULL,
    PRIMARY KEY (brand_id, model_name)
);

CREATE INDEX model_search_doc ON model_search USING gist (doc gist_trgm_ops);

COMMENT ON TABLE model_search IS 'Search document of each model (brand + name) and of each brand (empty model name), built by the library.';

ALTER TABLE model_search OWNER TO car_owner;
GRANT SELECT ON model_search TO car_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON model_search TO car_import;

-- The per-row name indexes are superseded by the model documents.
DROP INDEX models_names_trgm;
DROP INDEX brands_names_trgm;
