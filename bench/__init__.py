"""Benchmarks: ``python -m bench`` runs every ``bench/bench_*.py`` module's ``main()``."""

SITTING: dict[str, dict] = {}
"""What each benchmark module of this sitting printed, its outcome and duration, by name."""
