DO $$
BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        REVOKE SET ON PARAMETER lc_messages FROM car_app, car_import, car_operator;
    END IF;
END
$$;
