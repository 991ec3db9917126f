-- A round's name is unique within its office, no longer across the deployment: Haikou's and
-- Dongfang's campaigns may each hold a 2025年第1轮. A lab file's round name is resolved among the
-- rounds the uploader may see whose office is the row's site's office or one above it; a name
-- matching several of them is a row error (ambiguous_round), never a guess.
alter table rounds drop constraint rounds_name_key;
create unique index rounds_office_name_key on rounds (office_id, name);
