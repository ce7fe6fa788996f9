DROP FUNCTION search_pattern_flags(bigint, bigint[], text);
