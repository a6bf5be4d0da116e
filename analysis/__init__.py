"""Analysis of residents' contributions: French text clustering, spatial hotspots, survey
typologies, indicators and syntheses.

Works on plain Python objects and pandas DataFrames: imports no Flask, no SQLAlchemy and nothing
from ``backend`` (a test enforces it).
"""
