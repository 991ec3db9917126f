-- A finding a ground team records standing on the plot (a phone's position and photo) is neither
-- an analyst's reading of the survey photos nor a model's detection: it gets its own source.
alter table findings drop constraint findings_source_check;
alter table findings add constraint findings_source_check check (source in ('analyst', 'model', 'ground'));
