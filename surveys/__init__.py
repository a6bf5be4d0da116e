"""Survey toolkit: survey definitions, XLSForm import, expressions, response validation.

Pure Python: imports no Flask, no SQLAlchemy and nothing from ``backend`` (a test enforces it).
"""
