-- Codes and names are unique within an office, not across the province: Haikou and Dongfang may
-- each run a `2025年第1轮` round, a campaign of the same name, an area called 城区, a site HK-01.
-- Lookups by code or name (lab imports' site_code and round, PHES-ODM) resolve within the
-- uploader's visible offices, and a name found in several of them is a row error (README "Offices").
alter table sites drop constraint sites_code_key;
create unique index sites_office_code on sites (office_id, code);
alter table survey_areas drop constraint survey_areas_name_key;
create unique index survey_areas_office_name on survey_areas (office_id, name);
alter table campaigns drop constraint campaigns_name_key;
create unique index campaigns_office_name on campaigns (office_id, name);
alter table rounds drop constraint rounds_name_key;
create unique index rounds_office_name on rounds (office_id, name);
-- Lookups by code or name alone (the importer's, the demo loader's).
create index sites_code_idx on sites (code);
create index rounds_name_idx on rounds (name);
