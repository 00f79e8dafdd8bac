"""JSON rendering: exactly the ``Answer`` record, so the record's field names are the contract.

Nothing is added or renamed; ``Answer.model_validate(json.loads(text))`` gives the answer back.
Keys keep the record's declaration order, which makes the output stable between runs.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from medcite.records import Answer, Hit


def render_json(answer: Answer, hits: Sequence[Hit] | None = None) -> str:
    """The answer as pretty-printed JSON; ``hits`` is accepted for a uniform signature."""
    del hits  # passages are not part of the answer record
    return json.dumps(answer.model_dump(mode="json"), indent=2, ensure_ascii=False)
