"""GET /observations/counts and /observations/map: the figures of the observations I may see,
computed by the database over my scope and the filters (exact, never a sample)."""

from __future__ import annotations

from flask.views import MethodView

from backend.extensions import Blueprint
from backend.extensions.context import current_scope
from backend.resources.observation_figures.schemas import (
    CountsArgsSchema,
    CountsSchema,
    MapArgsSchema,
    MapViewSchema,
)
from backend.services import observation_figures as figures
from backend.services.observations import ObservationFilters

blp = Blueprint(
    "observation_figures",
    __name__,
    url_prefix="/observations",
    description="Chiffres et carte des observations, calculés par la base",
)


@blp.route("/counts")
class ObservationCounts(MethodView):
    @blp.login_required()
    @blp.arguments(CountsArgsSchema(), location="query")
    @blp.response(200, CountsSchema)
    def get(self, args):
        """Effectifs exacts des observations visibles et filtrées, par thème, type, mois, territoire (ou paire)"""
        groupings = args.pop("by")
        return figures.counts(current_scope(), ObservationFilters(**args), groupings)


@blp.route("/map")
class ObservationMap(MethodView):
    @blp.login_required()
    @blp.arguments(MapArgsSchema(), location="query")
    @blp.response(200, MapViewSchema)
    def get(self, args):
        """Les observations de la vue de la carte : les points s'ils sont peu nombreux, sinon une grille de cases comptées"""
        zoom = args.pop("zoom")
        return figures.view(current_scope(), ObservationFilters(**args), zoom)
