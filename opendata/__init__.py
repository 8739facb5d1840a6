"""Open data: the published registers as a versioned JSON API and CSV files with a Table
Schema description. Above compliance in the layers: it reads every register below it and
only ever their published selectors (ADR 0032)."""
