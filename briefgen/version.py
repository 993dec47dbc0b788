"""The version of briefgen, in one place (the package, the .docx writer and the batch fingerprint read it)."""

__version__ = "0.1.0"
