-- An area's covered km² and last look are sums over its cells; each cell row also holds its covered
-- geometry, so summing read the whole table's heap (185 MB for 40 areas of 500 km² in the
-- province-scale bench). This index answers those sums from the index alone.
create index coverage_cells_area_totals on coverage_cells (area_id) include (covered_km2, last_seen_at);
