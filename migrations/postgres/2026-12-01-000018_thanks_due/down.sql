DROP TABLE thanks_due;
