"""Survey toolkit: definitions, XLSForm import, the XLSForm expression language, response validation.

Pure Python: imports no Flask, no SQLAlchemy and nothing from ``backend`` (a test enforces it).
"""
