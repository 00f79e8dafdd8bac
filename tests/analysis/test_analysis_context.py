"""Patient context: age, sex, pregnancy, site, laterality, mechanism, acuity, setting,
comorbidities, drugs and negations, and the case/population distinction."""

from __future__ import annotations

import pytest

from medcite.analysis import analyze
from medcite.analysis._text import normalize
from medcite.analysis.context import extract_context
from medcite.analysis.demographics import age_group_for
from medcite.records import PatientContext


def ctx(question: str) -> PatientContext:
    return extract_context(normalize(question)).context


@pytest.mark.parametrize(
    ("question", "age"),
    [
        ("Knee pain in a 22-year-old", 22),
        ("22 year old with asthma", 22),
        ("a 22 years old man", 22),
        ("22 yo with cough", 22),
        ("22 y/o with cough", 22),
        ("22 y.o. with cough", 22),
        ("patient aged 22 with cough", 22),
        ("62 y/o F with T2DM", 62),
        ("45M with chest pain", 45),
        ("What if she is 80?", 80),
        ("a 6-month-old with fever", 0.5),
        ("18-month-old girl with cough", 1.5),
        ("a 3-week-old with jaundice", 3 / 52),
        ("a 10-day-old with poor feeding", 10 / 365),
    ],
)
def test_age(question: str, age: float) -> None:
    assert ctx(question).age_years == pytest.approx(age, abs=1e-3)


@pytest.mark.parametrize(
    ("question", "group"),
    [
        ("a 10-day-old with fever", "neonate"),
        ("a 6-month-old with fever", "infant"),
        ("an 8-year-old with asthma", "child"),
        ("a 15 yo soccer player", "adolescent"),
        ("a 40-year-old with back pain", "adult"),
        ("a 70-year-old man", "older adult"),
        ("Treatment of asthma in children", "child"),
        ("Prevention of falls in the elderly", "older adult"),
        ("Acne in teenagers", "adolescent"),
        ("Back pain in a woman in her 70s", "older adult"),
    ],
)
def test_age_group(question: str, group: str) -> None:
    assert ctx(question).age_group == group


@pytest.mark.parametrize(
    ("age", "group"),
    [
        (0.05, "neonate"),
        (0.5, "infant"),
        (11.9, "child"),
        (12, "adolescent"),
        (17, "adolescent"),
        (18, "adult"),
        (64, "adult"),
        (65, "older adult"),
    ],
)
def test_age_group_boundaries(age: float, group: str) -> None:
    assert age_group_for(age) == group


@pytest.mark.parametrize(
    ("question", "sex"),
    [
        ("a 22-year-old female", "female"),
        ("a woman with migraine", "female"),
        ("a 9-year-old girl", "female"),
        ("What if she is an athlete?", "female"),
        ("her knee hurts", "female"),
        ("a 30-year-old man", "male"),
        ("16-year-old boy with testicular pain", "male"),
        ("his back hurts", "male"),
        ("45M with chest pain", "male"),
        ("Pregnant patient with UTI", "female"),
        ("What is the treatment for pars defect?", None),
    ],
)
def test_sex(question: str, sex: str | None) -> None:
    assert ctx(question).sex == sex


@pytest.mark.parametrize(
    ("question", "pregnant"),
    [
        ("Is ibuprofen safe in pregnancy?", True),
        ("A pregnant woman with UTI", True),
        ("UTI at 32 weeks' gestation", True),
        ("UTI in the second trimester", True),
        ("28-year-old woman, not pregnant, with UTI", False),
        ("UTI in a 28-year-old woman", None),
    ],
)
def test_pregnancy(question: str, pregnant: bool | None) -> None:
    assert ctx(question).pregnant is pregnant


@pytest.mark.parametrize(
    ("question", "site"),
    [
        ("bilateral L5 pars defect", "L5"),
        ("L4-5 disc herniation", "L4-L5"),
        ("L4-L5 disc herniation", "L4-L5"),
        ("L5-S1 spondylolisthesis", "L5-S1"),
        ("C5-C6 disc herniation in the neck", "C5-C6"),
        ("T12 compression fracture of the spine", "T12"),
        ("pain in the left knee", "knee"),
        ("chronic low back pain", "lumbar spine"),
        ("shoulder dislocation", "shoulder"),
        ("crushing chest pain radiating to the left arm", "arm"),
    ],
)
def test_site(question: str, site: str) -> None:
    assert ctx(question).site == site


@pytest.mark.parametrize(
    ("question", "site"),
    [
        ("What medicines are used for heart failure with reduced ejection fraction?", None),
        ("How is chronic kidney disease staged?", None),
        ("Screening for lung cancer in smokers", None),
        ("heart attack with pain in the left shoulder", "shoulder"),
        ("kidney stones with flank pain in the back", "back"),
    ],
)
def test_an_organ_in_a_condition_name_is_not_the_site(question: str, site: str | None) -> None:
    assert ctx(question).site == site


@pytest.mark.parametrize(
    "question",
    [
        "T2 hyperintensity on brain MRI",  # an MRI sequence, not a level
        "low T4 and high TSH",  # a thyroid hormone
        "S1 and S2 heart sounds",  # heart sounds
        "low C3 complement",  # complement
    ],
)
def test_letters_that_are_not_vertebral_levels(question: str) -> None:
    site = ctx(question).site
    assert site is None or not site[0].isupper() or not site[1:].isdigit()


@pytest.mark.parametrize(
    ("question", "side"),
    [
        ("bilateral L5 pars defect", "bilateral"),
        ("unilateral spondylolysis", "unilateral"),
        ("left knee pain", "left"),
        ("pain in the right shoulder", "right"),
        ("left-sided weakness", "left"),
        ("knee pain on the right side", "right"),
        ("hypertension left untreated", None),
        ("should I go to the ED right away", None),
    ],
)
def test_laterality(question: str, side: str | None) -> None:
    assert ctx(question).laterality == side


@pytest.mark.parametrize(
    ("question", "mechanism"),
    [
        ("pars defect after a fall", "fall"),
        ("wrist pain after she fell off a ladder", "fall"),
        ("neck pain after an MVA", "motor vehicle accident"),
        ("whiplash following a motor vehicle accident", "motor vehicle accident"),
        ("knee injury during a tackle", "sports injury"),
        ("spleen injury after blunt trauma", "blunt trauma"),
        ("stress fracture from overuse", "overuse"),
        ("wrist fracture after FOOSH", "fall on outstretched hand"),
        ("fall prevention in older adults", None),
        ("hair fall treatment", None),
    ],
)
def test_mechanism(question: str, mechanism: str | None) -> None:
    assert ctx(question).mechanism == mechanism


@pytest.mark.parametrize(
    ("question", "acuity"),
    [
        ("acute low back pain", "acute"),
        ("chronic neck pain", "chronic"),
        ("recurrent UTI", "recurrent"),
        ("subacute cough", "subacute"),
        ("back pain for 3 months", "chronic"),
        ("back pain for 8 weeks", "subacute"),
        ("back pain for 5 days", "acute"),
        ("a 2-year history of knee pain", "chronic"),
        ("chronic kidney disease", None),  # a disease name, not the presentation
        ("acute kidney injury", None),
    ],
)
def test_acuity(question: str, acuity: str | None) -> None:
    assert ctx(question).acuity == acuity


@pytest.mark.parametrize(
    ("question", "settings"),
    [
        ("a 19-year-old gymnast with back pain", ["athlete"]),
        ("football player with knee pain", ["athlete"]),
        ("she plays soccer", ["athlete"]),
        ("chest pain in the ED", ["ED"]),
        ("presented to the emergency department", ["ED"]),
        ("sepsis in the ICU", ["ICU"]),
        ("UTI in a nursing home resident", ["nursing home"]),
        ("hypertension in primary care", ["primary care"]),
        ("runner's knee", []),  # a condition, not a runner
        ("treatment for ED", []),  # erectile dysfunction, not the emergency department
    ],
)
def test_setting(question: str, settings: list[str]) -> None:
    assert ctx(question).setting == settings


@pytest.mark.parametrize(
    ("question", "comorbidities"),
    [
        (
            "a 60-year-old with poorly controlled type 2 diabetes and CKD stage 3",
            ["type 2 diabetes", "CKD"],
        ),
        ("metformin dose in CKD", ["CKD"]),
        ("hypertension in patients with diabetes", ["diabetes"]),
        ("history of hypertension, asthma and COPD", ["hypertension", "asthma", "COPD"]),
        ("an obese 45-year-old woman", ["obesity"]),
        ("62 y/o F with T2DM, HTN and CKD", ["type 2 diabetes", "hypertension", "CKD"]),
        ("a man on dialysis", ["CKD"]),
        ("patient with HIV and cirrhosis", ["HIV", "cirrhosis"]),
        # the subject of the question is not a comorbidity
        ("Treatment of type 2 diabetes", []),
        ("What is asthma?", []),
        ("patient with COPD exacerbation", []),
        ("family history of breast cancer", []),
        # negated conditions are not comorbidities
        ("no history of diabetes", []),
        ("a 50-year-old without hypertension", []),
    ],
)
def test_comorbidities(question: str, comorbidities: list[str]) -> None:
    assert ctx(question).comorbidities == comorbidities


@pytest.mark.parametrize(
    ("question", "drugs"),
    [
        ("Can I take ibuprofen while on warfarin?", ["warfarin"]),
        ("a 70-year-old taking metformin and lisinopril", ["metformin", "lisinopril"]),
        ("patient on apixaban 5 mg twice daily", ["apixaban"]),
        ("currently on NSAIDs", ["NSAIDs"]),
        ("on atorvastatin", ["atorvastatin"]),  # suffix rule (-statin)
        ("she is on the pill", ["oral contraceptives"]),
        # the asked-about drug is not a current drug
        ("Is ibuprofen safe in pregnancy?", []),
        ("side effects of taking metformin", []),
        ("pars defect on MRI", []),
    ],
)
def test_drugs(question: str, drugs: list[str]) -> None:
    assert ctx(question).drugs == drugs


@pytest.mark.parametrize(
    ("question", "negations"),
    [
        ("no fever", ["fever"]),
        ("denies chest pain", ["chest pain"]),
        ("low back pain without neurological deficit", ["neurological deficit"]),
        ("denies fever, chills, or weight loss", ["fever", "chills", "weight loss"]),
        ("no history of diabetes", ["diabetes"]),
        ("afebrile with a cough", ["fever"]),
        ("negative for HIV", ["HIV"]),
    ],
)
def test_negations(question: str, negations: list[str]) -> None:
    assert ctx(question).negations == negations


def test_negated_items_do_not_become_comorbidities_or_drugs() -> None:
    c = ctx("55-year-old with no history of diabetes or hypertension, not on warfarin, denies COPD")
    assert c.comorbidities == []
    assert c.drugs == []
    assert {"diabetes", "hypertension", "COPD"} <= set(c.negations)


@pytest.mark.parametrize(
    ("question", "is_case"),
    [
        (
            "Treatment options for bilateral L5 pars defect after a fall in a 22-year-old female",
            True,
        ),
        ("What is the treatment for pars defect in a female gymnast?", True),
        ("My son has a fever", True),
        ("Can I take ibuprofen while on warfarin?", True),
        ("Treatment of an L5 pars defect", True),  # a level is patient-specific
        ("Knee pain after a fall", True),  # so is a mechanism
        # population wording fills the context but is not a case
        ("Is ibuprofen safe in pregnancy?", False),
        ("Treatment of asthma in children", False),
        ("metformin dose in CKD", False),
        ("Treatment of UTI in women", False),
        ("What is the female athlete triad?", False),
        ("What is the treatment for pars defect?", False),
    ],
)
def test_is_case(question: str, is_case: bool) -> None:
    assert analyze(question).is_case is is_case
