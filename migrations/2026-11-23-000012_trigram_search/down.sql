DROP INDEX models_names_trgm;
DROP INDEX brands_names_trgm;
DROP EXTENSION IF EXISTS pg_trgm;
