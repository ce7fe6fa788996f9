-- Trigram matching for model search. pg_trgm only sees Cyrillic letters when
-- the database's LC_CTYPE is a UTF-8 locale (never `C`); the library checks
-- this when it connects.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX brands_names_trgm ON brands
    USING gin ((lower(name || ' ' || name_ru)) gin_trgm_ops);
CREATE INDEX models_names_trgm ON models
    USING gin ((lower(name || ' ' || coalesce(name_ru, ''))) gin_trgm_ops);
