"""GET /themes: the thesaurus of observation themes."""

from __future__ import annotations

from flask.views import MethodView

from backend.extensions import Blueprint
from backend.resources.themes.schemas import ThemeSchema
from backend.services.themes import all_themes

blp = Blueprint("themes", __name__, url_prefix="/themes", description="Thésaurus des thèmes")


@blp.route("")
class Themes(MethodView):
    @blp.response(200, ThemeSchema(many=True))
    def get(self):
        """Les thèmes d'observation (codes stables, libellés en français)"""
        return all_themes()
