"""Benchmarks: each figure is reported beside a raw baseline measured in the same run, as a ratio."""
