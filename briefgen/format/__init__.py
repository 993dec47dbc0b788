"""一键排版: a draft of any kind (Word, WPS, plain text, Markdown) laid out as a GB/T 9704 document."""
