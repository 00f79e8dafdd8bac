"""Query -> FTS5 expression: stopwords dropped, operators neutralised, phrases quoted."""

from __future__ import annotations

from medcite.retrieval.lexical import match_expression, tokens


def test_tokens_drop_stopwords_and_split_hyphens() -> None:
    assert tokens("What is the treatment for a 22-year-old with pars defect?") == [
        "treatment",
        "22",
        "pars",
        "defect",
    ]


def test_match_expression_quotes_terms_and_adds_phrases() -> None:
    expr = match_expression("pars defect", ["spondylolysis", "pars interarticularis defect"])
    assert expr == '"pars" OR "defect" OR "spondylolysis" OR "pars interarticularis defect"'


def test_fts_operators_from_users_are_neutralised() -> None:
    expr = match_expression('asthma AND NEAR(x) "quoted" col:value *')
    assert expr is not None
    assert "NEAR(" not in expr.replace('"near"', "")
    assert all(part.startswith('"') and part.endswith('"') for part in expr.split(" OR "))


def test_nothing_searchable_gives_none() -> None:
    assert match_expression("what is the") is None
