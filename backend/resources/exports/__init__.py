"""GET /exports/observations: a file for analysts (CSV, GeoJSON, XLSX, GeoPackage), scoped like"""

from backend.resources.exports.routes import blp

__all__ = ["blp"]
