"""Review: two drafts compared as text (alignment, tokens, changed figures) and told to the reviewer."""
