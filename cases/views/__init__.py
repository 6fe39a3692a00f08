"""The cases app's pages, one module per audience or record (see urls.py)."""
