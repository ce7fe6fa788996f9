REVOKE DELETE ON prices FROM car_operator;
