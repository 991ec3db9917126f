-- An archived survey area leaves the lists, the tiles and the coverage jobs, but keeps its grid,
-- footprints, flights and findings: restoring it brings it back as it was. A closed round takes no
-- more results (its figures are final); closing is recorded with who and when (and audited).
alter table survey_areas add column archived_at timestamptz;
alter table rounds add column closed_at timestamptz;
