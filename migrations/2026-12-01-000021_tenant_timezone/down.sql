ALTER TABLE tenants DROP CONSTRAINT tenants_timezone_known;
DROP FUNCTION is_time_zone(text);
