"""Each vocabulary reader on a tiny file written here, in the format its package ships."""

from __future__ import annotations

import bz2
import pickle
from pathlib import Path

from medcite.vocab._drugs import load_drugs
from medcite.vocab._hpo import load_hpo
from medcite.vocab._icd10cm import load_icd10cm
from medcite.vocab._mesh import load_mesh
from medcite.vocab._records import LabelKind

OBO = """\
format-version: 1.2

[Term]
id: HP:0000001
name: All

[Term]
id: HP:0000118
name: Phenotypic abnormality
is_a: HP:0000001 ! All

[Term]
id: HP:0003674
name: Onset
synonym: "Age symptoms begin" EXACT layperson []
is_a: HP:0000001 ! All

[Term]
id: HP:0001658
name: Myocardial infarction
def: "Necrosis of the \\"myocardium\\"." []
synonym: "Heart attack" EXACT layperson []
synonym: "MI" EXACT abbreviation []
synonym: "Heart attacks" EXACT plural_form []
synonym: "Cardiac event" BROAD []
synonym: "Anterior MI" NARROW []
is_a: HP:0000118 ! Phenotypic abnormality
"""


def test_hpo_keeps_phenotypes_only(tmp_path: Path) -> None:
    path = tmp_path / "hp.obo"
    path.write_text(OBO, encoding="utf-8")
    data = load_hpo(path)
    codes = [concept.code for concept in data.concepts]
    assert "HP:0003674" not in codes  # "Onset" is a modifier, not a phenotype
    infarction = next(c for c in data.concepts if c.code == "HP:0001658")
    assert [(label.text, label.kind) for label in infarction.labels] == [
        ("Myocardial infarction", LabelKind.NAME),
        ("Heart attack", LabelKind.LAY),
        ("MI", LabelKind.ABBREVIATION),
        ("Anterior MI", LabelKind.NARROW),
    ]
    assert infarction.definition == 'Necrosis of the "myocardium".'
    assert [(a.abbr, a.meanings) for a in data.abbreviations] == [
        ("MI", ("Myocardial infarction",))
    ]


ICD_XML = """\
<ICD10CM.tabular>
  <chapter><section>
    <diag>
      <name>R51</name><desc>Headache</desc>
      <diag>
        <name>R51.9</name><desc>Headache, unspecified</desc>
        <inclusionTerm><note>Facial pain NOS</note><note>Chronic headache NOS</note></inclusionTerm>
      </diag>
    </diag>
    <diag>
      <name>I10</name><desc>Essential (primary) hypertension</desc>
      <includes>
        <note>high blood pressure</note>
        <note>hypertension (arterial) (benign) (essential)</note>
      </includes>
      <excludes1><note>hypertensive disease complicating pregnancy (O10-O11)</note></excludes1>
    </diag>
  </section></chapter>
</ICD10CM.tabular>
"""


def test_icd_titles_and_inclusion_terms(tmp_path: Path) -> None:
    path = tmp_path / "icd.xml"
    path.write_text(ICD_XML, encoding="utf-8")
    data = load_icd10cm(path)
    by_code = {c.code: [(lb.text, lb.kind) for lb in c.labels] for c in data.concepts}
    assert "R51" not in by_code  # a single name expands to nothing
    assert by_code["R51.9"] == [
        ("Headache", LabelKind.NAME),
        ("Facial pain", LabelKind.INCLUDED),  # coded here, but no headache
        ("Chronic headache", LabelKind.INCLUSION),
    ]
    assert by_code["I10"] == [
        ("Essential hypertension", LabelKind.NAME),
        ("high blood pressure", LabelKind.INCLUDED),
        ("hypertension", LabelKind.INCLUSION),
    ]
    assert "Headache" in data.known_names


def test_mesh_headings(tmp_path: Path) -> None:
    path = tmp_path / "subjects_mesh.csv"
    path.write_text(
        "id,scheme,subject\n"
        'https://id.nlm.nih.gov/mesh/D029424,MeSH,"Pulmonary Disease, Chronic Obstructive"\n'
        "https://id.nlm.nih.gov/mesh/D009203,MeSH,Myocardial Infarction\n",
        encoding="utf-8",
    )
    data = load_mesh(path)
    assert data.known_names == ["Chronic Obstructive Pulmonary Disease", "Myocardial Infarction"]
    assert [c.code for c in data.concepts] == ["D029424"]


def test_drug_dictionary(tmp_path: Path) -> None:
    tables = {
        "drug_variant_to_canonical": {
            "acetaminophen": ["acetaminophen"],
            "tylenol": ["acetaminophen"],
            "hcl, acetaminophen": ["acetaminophen"],
            "opioid": ["analgesics, opioid"],
        },
        "drug_canonical_to_data": {
            "acetaminophen": {
                "name": "Acetaminophen",
                "drugbank_id": "DB00316",
                "wikipedia_url": "https://en.wikipedia.org/wiki/Paracetamol",
            },
            "analgesics, opioid": {"name": "Analgesics, Opioid"},
        },
        "drug_variant_to_variant_data": {"tylenol": {"is_brand": True}},
    }
    path = tmp_path / "drugs.pkl.bz2"
    with bz2.open(path, "wb") as handle:
        pickle.dump(tables, handle)
    data = load_drugs(path)
    by_code = {c.code: [(lb.text, lb.kind) for lb in c.labels] for c in data.concepts}
    assert by_code["DB00316"] == [
        ("Acetaminophen", LabelKind.NAME),
        ("Paracetamol", LabelKind.INTERNATIONAL),
        ("acetaminophen", LabelKind.VARIANT),
        ("tylenol", LabelKind.BRAND),
    ]
    assert by_code["analgesics, opioid"][0] == ("Opioid Analgesics", LabelKind.NAME)
