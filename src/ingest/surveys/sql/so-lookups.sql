-- Lookup tables over the distinct answers, filled from TypeScript (parse.ts).
create or replace temp table so_country (text varchar, code varchar, reason varchar);
create or replace temp table so_years (text varchar, years double, seniority integer);
create or replace temp table so_degree (text varchar, degree varchar);
create or replace temp table so_currency (text varchar, code varchar);
create or replace temp table so_freq (text varchar, mult double);
