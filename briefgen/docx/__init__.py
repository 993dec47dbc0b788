"""OOXML and LibreOffice: the .docx writer, the safe reader of foreign .docx, the redline writer, PDF conversion.

The only package that knows WordprocessingML or runs LibreOffice.
"""
