"""Templates: the catalogue of template folders, the Jinja sandbox that renders them to markup, totals and ranks."""
