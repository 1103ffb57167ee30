-- PPP reference tables from the shipped data files (ppp_csv, codes_csv, fred_csv).
create or replace temp table ppp_factor as
select "Country ID" as country, cast("Year" as integer) as year, cast("PPP" as double) as ppp
from read_csv({{ppp_csv}}, header = true, all_varchar = true)
where "Country ID" is not null and length("Country ID") = 2 and try_cast("PPP" as double) > 0;

create or replace temp table country_currency as
select "ISO3166-1-Alpha-2" as country, split_part("ISO4217-currency_alphabetic_code", ',', 1) as currency
from read_csv({{codes_csv}}, header = true, all_varchar = true)
where "ISO3166-1-Alpha-2" is not null and "ISO4217-currency_alphabetic_code" is not null;

-- FRED quotes most currencies per USD; these five as USD per unit, so they are inverted.
create or replace temp table fx_fred as
select m.currency, cast(year(cast("Date" as date)) as integer) as year,
       case when m.inverted then 1 / cast("Exchange rate" as double) else cast("Exchange rate" as double) end as lcu_per_usd
from read_csv({{fred_csv}}, header = true, all_varchar = true) f
join (values ('Australia', 'AUD', true), ('Brazil', 'BRL', false), ('Canada', 'CAD', false), ('China', 'CNY', false),
             ('Denmark', 'DKK', false), ('Euro', 'EUR', true), ('Hong Kong', 'HKD', false), ('India', 'INR', false),
             ('Japan', 'JPY', false), ('Malaysia', 'MYR', false), ('Mexico', 'MXN', false), ('New Zealand', 'NZD', true),
             ('Norway', 'NOK', false), ('Singapore', 'SGD', false), ('South Africa', 'ZAR', false), ('South Korea', 'KRW', false),
             ('Sweden', 'SEK', false), ('Switzerland', 'CHF', false), ('Taiwan', 'TWD', false), ('Thailand', 'THB', false),
             ('United Kingdom', 'GBP', true), ('Ireland', 'IEP', true)) m(name, currency, inverted)
  on f."Country" = m.name
where try_cast("Exchange rate" as double) > 0;
