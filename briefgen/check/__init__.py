"""Checking: the GB/T 9704 rules over a document's facts, measurements of its rendering, the report."""
