"""Distributed ingest on Dask: one task per input file, resumable through a ledger in the library.

>>> from medcite.distributed import DistributedIngestor, dask_client   # doctest: +SKIP
>>> with dask_client(workers=2) as client:                            # or dask_client("tcp://host:8786")
...     summary = DistributedIngestor(client, "postgresql://medcite@db/medcite").run(paths)

See ``docs/deployment.md`` for running it on a cluster.
"""

from medcite.distributed.cluster import ClusterError, dask_client
from medcite.distributed.job import DistributedIngestor, JobSummary, ProgressEvent, apply_deletions
from medcite.distributed.ledger import Ledger, LedgerRow
from medcite.distributed.records import Counts, FileResult, JobConfig, SourceFile
from medcite.distributed.split import split_pubmed_xml

__all__ = [
    "ClusterError",
    "Counts",
    "DistributedIngestor",
    "FileResult",
    "JobConfig",
    "JobSummary",
    "Ledger",
    "LedgerRow",
    "ProgressEvent",
    "SourceFile",
    "apply_deletions",
    "dask_client",
    "split_pubmed_xml",
]
