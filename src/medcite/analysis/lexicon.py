"""Curated word lists for question analysis: body parts, symptoms, conditions, drugs, acronyms.

The lists are deliberately small and hand-checked: they decide scope and recognise drugs and
sites, they do not expand synonyms (the vocab stage does that from real vocabularies).
"""

from __future__ import annotations

import re

from medcite.analysis._text import bounded, phrases, words

BODY_PARTS: dict[str, str] = {
    # surface form -> canonical site
    "lumbar spine": "lumbar spine",
    "lumbar": "lumbar spine",
    "lower back": "lumbar spine",
    "low back": "lumbar spine",
    "lumbosacral": "lumbar spine",
    "cervical spine": "cervical spine",
    "c-spine": "cervical spine",
    "thoracic spine": "thoracic spine",
    "spine": "spine",
    "spinal": "spine",
    "back": "back",
    "neck": "neck",
    "sacroiliac joint": "sacroiliac joint",
    "sacrum": "sacrum",
    "coccyx": "coccyx",
    "knee": "knee",
    "patella": "knee",
    "meniscus": "knee",
    "hip": "hip",
    "groin": "groin",
    "pelvis": "pelvis",
    "shoulder": "shoulder",
    "rotator cuff": "shoulder",
    "elbow": "elbow",
    "wrist": "wrist",
    "scaphoid": "wrist",
    "hand": "hand",
    "finger": "finger",
    "thumb": "thumb",
    "ankle": "ankle",
    "achilles": "ankle",
    "foot": "foot",
    "heel": "foot",
    "toe": "toe",
    "thigh": "thigh",
    "hamstring": "thigh",
    "calf": "calf",
    "shin": "leg",
    "leg": "leg",
    "arm": "arm",
    "forearm": "forearm",
    "head": "head",
    "skull": "head",
    "face": "face",
    "jaw": "jaw",
    "eye": "eye",
    "ear": "ear",
    "nose": "nose",
    "throat": "throat",
    "chest": "chest",
    "abdomen": "abdomen",
    "abdominal": "abdomen",
    "heart": "heart",
    "lung": "lung",
    "liver": "liver",
    "kidney": "kidney",
    "brain": "brain",
    "breast": "breast",
    "prostate": "prostate",
    "bladder": "bladder",
    "colon": "colon",
    "stomach": "stomach",
    "skin": "skin",
    "thyroid": "thyroid",
    "pancreas": "pancreas",
    "testicle": "testis",
    "testis": "testis",
    "scrotum": "testis",
    "uterus": "uterus",
    "ovary": "ovary",
}

# Plurals recognised for body parts (knees, hips...) without writing every form above.
_BODY_PLURALS = {f"{k}s": v for k, v in BODY_PARTS.items() if " " not in k and not k.endswith("s")}
_BODY_PLURALS.update({"feet": "foot", "teeth": "teeth", "tooth": "teeth"})
ALL_BODY_PARTS: dict[str, str] = {**BODY_PARTS, **_BODY_PLURALS}
BODY_PART_RE = bounded(words(ALL_BODY_PARTS))

SYMPTOMS = phrases(
    """
    pain, ache, aches, headache, migraine, fever, cough, rash, itch, itching, nausea,
    vomiting, diarrhea, diarrhoea, constipation, fatigue, tired, dizziness, dizzy, vertigo,
    swelling, swollen, bleeding, numbness, tingling, weakness, shortness of breath,
    breathless, wheeze, wheezing, palpitations, insomnia, sore, stiffness, cramps, seizure,
    seizures, faint, fainting, syncope, anxiety, depression, confusion, hurt, hurts, injury,
    injuries, injured, wound, lump, bruise, burn, sprain, fracture, broken, tear, sick, ill,
    illness, infection, allergy, allergic, cholesterol, blood pressure, blood sugar, weight
    loss, obesity, pregnant, pregnancy
"""
)

CONDITION_WORDS = phrases(
    """
    disease, disorder, syndrome, defect, cancer, tumor, tumour, diabetes, asthma, stroke,
    hernia, ulcer, pneumonia, sepsis, dementia, virus, viral, bacterial, covid, covid-19, flu,
    influenza, cold, heart attack, concussion, sciatica, pars, spondylolysis, spondylolisthesis,
    stenosis, scoliosis, hypertension, hypotension, anemia, anaemia, acne, eczema, psoriasis,
    gout, autism, adhd, malaria, measles, lupus, std, sti, hiv, aids, copd, ckd, uti, dvt,
    reflux, heartburn, embolism, thrombosis, cyst, polyp, mole, wart, shingles, chickenpox,
    sprained, dislocation, rupture, obese, overweight, menopause, period, periods, menstrual,
    contraception, fertility, infertility, addiction, alcoholism, overdose, poisoning, suicidal,
    suicide, kill myself, end my life, want to     die, self-harm, self harm, hurt myself,
    breastfeeding, allergies, vaccine, vaccines, vaccination, jaundice, fall, falls, falling,
    fell, frailty, recovery, reconstruction, transplant, bite, sting, wheeze, palpitation,
    angina, arrhythmia, murmur, blood clot, clot, heart failure, kidney stone, gallstones,
    appendix, fibroids, endometriosis, miscarriage, labor, labour, birth, newborn, preterm,
    colic, teething, croup, bronchiolitis, tonsils, sinus, earache, conjunctivitis, glaucoma,
    cataract, hearing loss, tinnitus, stutter, schizophrenia, bipolar, psychosis, dyslexia,
    obsessive, panic, phobia, eating disorder, anorexia, bulimia, dehydration, hangover,
    snoring, apnea, apnoea, ibs, constipated, bloating, hemorrhoids, haemorrhoids, varicose,
    blister, scar, hair loss, dandruff, sunburn, frostbite, heat stroke, hypothermia, whiplash,
    bruising, cramp, spasm, tendon, ligament, cartilage, bone, bones, joint, joints, muscle,
    muscles, nerve, nerves, blood, urine, stool, vomit, cholesterol, thyroid, hormone, hormones,
    insulin, immune, immunity, antibody, antibodies, infectious, contagious, std, condom, ivf
"""
)

MEDICAL_ACTION_WORDS = phrases(
    """
    treatment, treat, therapy, diagnosis, diagnose, prognosis, symptom, symptoms, dose,
    dosage, side effects, surgery, surgical, medication, medicine, drug, drugs,
    prescription, pill, pills, tablet, tablets, antibiotic, antibiotics, screening, biopsy,
    mri, ct scan, x-ray, ultrasound, blood test, lab, patient, patients, doctor, nurse,
    physician, clinic, hospital, physiotherapy, rehab, rehabilitation, health, healthy,
    medical, clinical, diet, nutrition, exercise, sleep, smoking, alcohol, year-old, icu,
    emergency department, guideline, guidelines, contraindications, interaction,
    interactions, immunization, vitamin, supplement, supplements, calories
"""
)

DRUG_NAMES = phrases(
    """
    warfarin, apixaban, rivaroxaban, dabigatran, edoxaban, heparin, enoxaparin, aspirin,
    clopidogrel, ticagrelor, prasugrel, metformin, insulin, glipizide, gliclazide,
    glimepiride, sitagliptin, empagliflozin, dapagliflozin, canagliflozin, semaglutide,
    liraglutide, dulaglutide, tirzepatide, lisinopril, enalapril, ramipril, perindopril,
    losartan, valsartan, candesartan, irbesartan, amlodipine, nifedipine, diltiazem,
    verapamil, hydrochlorothiazide, chlorthalidone, indapamide, furosemide, bumetanide,
    spironolactone, eplerenone, metoprolol, atenolol, bisoprolol, carvedilol, propranolol,
    labetalol, atorvastatin, simvastatin, rosuvastatin, pravastatin, ezetimibe,
    levothyroxine, prednisone, prednisolone, methylprednisolone, dexamethasone,
    hydrocortisone, methotrexate, hydroxychloroquine, sulfasalazine, azathioprine,
    tacrolimus, cyclosporine, ibuprofen, naproxen, diclofenac, celecoxib, meloxicam,
    acetaminophen, paracetamol, tramadol, oxycodone, morphine, codeine, hydrocodone,
    fentanyl, buprenorphine, methadone, naloxone, gabapentin, pregabalin, sertraline,
    fluoxetine, citalopram, escitalopram, paroxetine, venlafaxine, duloxetine, bupropion,
    mirtazapine, amitriptyline, nortriptyline, lithium, valproate, valproic acid,
    lamotrigine, levetiracetam, carbamazepine, phenytoin, topiramate, quetiapine,
    olanzapine, risperidone, aripiprazole, haloperidol, clozapine, omeprazole, pantoprazole,
    esomeprazole, lansoprazole, ranitidine, famotidine, amoxicillin, co-amoxiclav,
    augmentin, penicillin, azithromycin, doxycycline, ciprofloxacin, levofloxacin,
    clarithromycin, ceftriaxone, cephalexin, cefalexin, nitrofurantoin, trimethoprim,
    sulfamethoxazole, metronidazole, vancomycin, gentamicin, clindamycin, digoxin,
    amiodarone, allopurinol, febuxostat, colchicine, tamoxifen, letrozole, anastrozole,
    sildenafil, tadalafil, isotretinoin, montelukast, salbutamol, albuterol, fluticasone,
    budesonide, tiotropium, sumatriptan, ondansetron, metoclopramide, zolpidem, diazepam,
    lorazepam, alprazolam, clonazepam, finasteride, tamsulosin, oseltamivir, acyclovir,
    valacyclovir, adalimumab, infliximab, etanercept, rituximab, denosumab, alendronate,
    zoledronic acid, vitamin d, iron, folic acid, epinephrine, adrenaline, botox, ketamine,
    lidocaine
"""
)

DRUG_CLASSES: dict[str, str] = {
    # surface form -> display form
    "nsaids": "NSAIDs",
    "nsaid": "NSAIDs",
    "anticoagulants": "anticoagulants",
    "anticoagulant": "anticoagulants",
    "anticoagulation": "anticoagulants",
    "blood thinners": "anticoagulants",
    "blood thinner": "anticoagulants",
    "doacs": "DOACs",
    "doac": "DOACs",
    "steroids": "corticosteroids",
    "corticosteroids": "corticosteroids",
    "oral steroids": "corticosteroids",
    "ssris": "SSRIs",
    "ssri": "SSRIs",
    "antidepressants": "antidepressants",
    "beta blockers": "beta blockers",
    "beta-blockers": "beta blockers",
    "ace inhibitors": "ACE inhibitors",
    "ace inhibitor": "ACE inhibitors",
    "statins": "statins",
    "statin": "statins",
    "immunosuppressants": "immunosuppressants",
    "immunosuppressive therapy": "immunosuppressants",
    "biologics": "biologics",
    "chemotherapy": "chemotherapy",
    "opioids": "opioids",
    "antibiotics": "antibiotics",
    "antipsychotics": "antipsychotics",
    "diuretics": "diuretics",
    "oral contraceptives": "oral contraceptives",
    "oral contraceptive": "oral contraceptives",
    "birth control pills": "oral contraceptives",
    "birth control": "oral contraceptives",
    "the pill": "oral contraceptives",
    "ocp": "oral contraceptives",
    "ocps": "oral contraceptives",
    "hrt": "hormone replacement therapy",
    "hormone replacement therapy": "hormone replacement therapy",
}

# Generic-name stems: a word with one of these endings is almost always a drug.
DRUG_SUFFIXES = phrases(
    """
    mab, pril, sartan, olol, alol, statin, cillin, floxacin, mycin, cycline, azole, prazole,
    gliptin, gliflozin, glutide, tinib, parin, xaban, gatran, dipine, triptan, setron,
    tidine, zepam, zolam, profen, caine, dronate, lukast, terol, olone, afil, oxetine,
    triptyline, azepine, vir, semide, thiazide, sone
"""
)
# English words that end like a drug but are not one.
_NOT_DRUGS = frozenset({"april", "cholesterol", "mycin", "caine"})

DRUG_RE = bounded(words((*DRUG_NAMES, *DRUG_CLASSES)))
_DRUG_SUFFIX_RE = re.compile(rf"^[a-z][a-z-]{{3,}}(?:{'|'.join(DRUG_SUFFIXES)})$")


def is_drug_word(word: str) -> bool:
    """True for a known drug, drug class or a word with a generic-drug ending."""
    low = word.lower()
    if low in _NOT_DRUGS:
        return False
    if low in DRUG_CLASSES or low in DRUG_NAMES:
        return True
    return bool(_DRUG_SUFFIX_RE.match(low))


def drug_display(word: str) -> str:
    """Canonical display form of a drug mention ('nsaid' -> 'NSAIDs', 'Warfarin' -> 'warfarin')."""
    low = _SPACES.sub(" ", word.lower())
    return DRUG_CLASSES.get(low, low)


_SPACES = re.compile(r"\s+")

# Word endings that mark medical vocabulary (conditions, procedures, findings).
_MEDICAL_SUFFIX_RE = re.compile(
    r"^[a-z]{3,}(?:itis|osis|oses|emia|aemia|oma|omas|pathy|algia|ectomy|otomy|ostomy|plasty|scopy"
    r"|uria|penia|cytosis|plegia|paresis|rrhea|rrhoea|trophy|sclerosis|lysis|listhesis"
    r"|ologist|iatric|iatrics|ectasis|megaly|rrhage|thermia|glycemia|tension)$"
)
# Ordinary words with those endings.
_NOT_MEDICAL = frozenset(
    phrases(
        """
        academia, aroma, diploma, oklahoma, sympathy, empathy, apathy, telepathy, antipathy,
        nostalgia, analysis, catalysis, technology, ideology, apology, astrology, mythology,
        theology, chronology, terminology, methodology, archaeology, geology, zoology, ecology,
        sociology, criminology, anthology, extension, pretension, geologist, biologist,
        zoologist, sociologist, archaeologist, criminologist, astrologist, osmosis
"""
    )
)

# Plural and possessive forms count too ("migraines", "headaches", "falls").
_MEDICAL_PHRASE_RE = re.compile(
    r"(?<![\w])(?:"
    + words((*SYMPTOMS, *CONDITION_WORDS, *MEDICAL_ACTION_WORDS))
    + r")(?:s|es|'s)?(?![\w])",
    re.IGNORECASE,
)
_AGE_PHRASE_RE = re.compile(
    r"\d+\s*-?\s*(?:year|month|week|day)s?\s*-?\s*old|\d+\s*(?:yo|y/o)\b", re.IGNORECASE
)
_LONGEST_WORD = 40  # longer "words" are noise; skipping them keeps suffix checks cheap
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9'-]+")


def medical_terms(text: str) -> list[str]:
    """Medical words and phrases found in ``text``: lexicon hits, body parts, drugs, suffixes."""
    found = [m.group(0).lower() for m in _MEDICAL_PHRASE_RE.finditer(text)]
    found += [m.group(0).lower() for m in BODY_PART_RE.finditer(text)]
    found += [m.group(0).lower() for m in _AGE_PHRASE_RE.finditer(text)]
    for m in _WORD_RE.finditer(text):
        word = m.group(0).lower().strip("'")
        if word in _NOT_MEDICAL or len(word) > _LONGEST_WORD:
            continue
        if is_drug_word(word) or _MEDICAL_SUFFIX_RE.match(word) or acronym_form(m.group(0)):
            found.append(word)
    return found


def has_medical_content(text: str) -> bool:
    """True when ``text`` mentions anything medical at all."""
    return bool(medical_terms(text))


# Acronyms shown in upper case wherever they appear in a topic or title.
ACRONYMS: dict[str, str] = {
    a.lower(): a
    for a in phrases(
        """
        ACL, AIDS, AKI, ALS, ARDS, BMI, BPH, BPPV, CAD, CHF, CKD, COPD, COVID-19, COVID,
        CPR, CRP, CT, CVA, DKA, DOACs, DVT, ECG, EEG, EKG, EMG, ENT, ESR, GERD, GI,
        HbA1c, HFpEF, HFrEF, HIV, HPV, HRT, HSV, IBD, IBS, ICU, IUD, IVF, LMWH, MCL,
        MRI, NSAIDs, NSAID, NSTEMI, OCD, OSA, PCL, PCOS, PSA, PTSD, RSV, SLE, SSRIs,
        SSRI, STEMI, STI, STD, TB, TIA, UTI, ADHD, ACS, SGLT2, GLP-1, MRSA, PE, MI
"""
    )
}
# Lower-case words that are also acronyms only when typed in capitals ("ms", "pe", "ed", "mi").
_AMBIGUOUS_LOWER = frozenset(
    phrases(
        """
        pe, mi, ms, ed, ra, cap, als, ent, gi, tb, aids
"""
    )
)


def acronym_form(token: str) -> str | None:
    """Upper-case form of a known acronym, or None (ambiguous words count only in capitals)."""
    low = token.lower()
    if low not in ACRONYMS:
        return None
    if low in _AMBIGUOUS_LOWER and token == low:
        return None
    return ACRONYMS[low]


# Eponyms keep their capital even when the question started with them.
EPONYMS = frozenset(
    phrases(
        """
        achilles, addison, alzheimer, asperger, baker, barrett, behcet, bell, crohn, cushing,
        down, duchenne, dupuytren, ewing, graves, guillain-barre, hashimoto, hirschsprung,
        hodgkin, huntington, kawasaki, lyme, marfan, meniere, osgood-schlatter, paget,
        parkinson, perthes, raynaud, scheuermann, sjogren, stevens-johnson, tourette, turner,
        wilson, colles, lisfranc, kaposi, epstein-barr, still, quervain
"""
    )
)
