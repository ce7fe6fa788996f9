-- `car-prices --withdraw DATE` deletes a workshop's sheet that has not come into force
-- (row-level security keeps it to the workshop set for the transaction).
GRANT DELETE ON prices TO car_operator;
