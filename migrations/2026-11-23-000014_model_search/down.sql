CREATE INDEX brands_names_trgm ON brands
    USING gin ((lower(name || ' ' || name_ru)) gin_trgm_ops);
CREATE INDEX models_names_trgm ON models
    USING gin ((lower(name || ' ' || coalesce(name_ru, ''))) gin_trgm_ops);
DROP TABLE model_search;
