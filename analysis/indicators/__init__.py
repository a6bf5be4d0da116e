"""Statistical indicators per territory (INSEE, CAF, BPE…) as plain pandas tables.

Read the wide files the producers publish into one long table, compare a territory with
its commune, EPCI and France, and build composite indices with their method written out.
Pure: no Flask, no database — the backend loads and stores, this package computes.
"""

from analysis.indicators.errors import BadFile, BadSpec, IndicatorError

__all__ = ["BadFile", "BadSpec", "IndicatorError"]
