"""The document: the model, the numbers of GB/T 9704, markup parsed into the model, heading numbers."""
