"""Packaging: the repository's four top-level folders install as one package, `policykb`
(DESIGN §7). `corpus/` becomes `policykb.corpus`, `kb/` `policykb.kb` and so on, so the
repository keeps its layout and site-packages gets one name only. Everything else is in
pyproject.toml; this file exists because the mapped package list has to be computed."""

from setuptools import find_namespace_packages, setup

LAYERS = ("corpus", "kb", "indexer", "tui")

found = find_namespace_packages(include=[pattern for layer in LAYERS for pattern in (layer, f"{layer}.*")])
setup(
    packages=[f"policykb.{name}" for name in found],
    package_dir={f"policykb.{layer}": layer for layer in LAYERS},
)
