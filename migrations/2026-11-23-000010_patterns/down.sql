DROP TABLE patterns;
