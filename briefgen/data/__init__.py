"""Data in: data files (YAML, JSON, Excel, CSV) read into a located tree, checked against a schema, starter files."""
