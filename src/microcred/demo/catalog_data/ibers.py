"""IBERS, Aberystwyth University (seed 003): 5-credit courses released over time, in sets of four."""

from microcred.demo.catalog_data.specs import (
    QAA,
    CatalogueSpec,
    CourseSetSpec,
    CourseSpec,
    ProviderSpec,
    QualificationSpec,
)

IBERS = CatalogueSpec(
    provider=ProviderSpec(
        slug="ibers",
        name="IBERS, Aberystwyth University",
        awarding_body="Aberystwyth University",
        country="Wales, United Kingdom",
        quality_assurance=QAA,
        delivery_partner="",
        website="https://www.aber.ac.uk/en/ibers/",
    ),
    credits=5,
    level=7,
    weeks=8,
    hours_per_week=6,
    start_mode="release",
    entry_requirements="",
    assessment_supervision="An online final assessment, open only to learners on the credit-bearing track.",
    further_information="Formative quizzes along the way do not count towards the result. Registration "
    "lasts one year; a registration that runs past 1 September must be renewed in September.",
    courses=tuple(
        CourseSpec(
            f"plant-breeding-{number}",
            f"Plant Breeding {number}: {topic}",
            "Plant Breeding",
            summary,
            outcomes,
            assessment,
            ("Agrifood",),
        )
        for number, topic, summary, outcomes, assessment in (
            (
                1,
                "Principles of Crop Genetics",
                "The genetics behind crop improvement: inheritance, variation and heritability.",
                ("Explain the inheritance of qualitative and quantitative traits.", "Estimate heritability."),
                "report",
            ),
            (
                2,
                "Breeding Methods",
                "Selection, hybridisation and the design of a breeding programme for self- and "
                "cross-pollinated crops.",
                ("Compare breeding methods for different crops.", "Design a simple breeding programme."),
                "data_set_analysis",
            ),
            (
                3,
                "Molecular Tools",
                "Marker-assisted selection, genomic selection and gene editing in modern breeding.",
                ("Evaluate molecular breeding tools.", "Interpret marker data for selection decisions."),
                "data_set_analysis",
            ),
            (
                4,
                "Breeding for Climate Resilience",
                "Breeding crops that tolerate drought, heat and new diseases.",
                ("Identify target traits for resilience.", "Assess trade-offs between yield and resilience."),
                "masters_test",
            ),
        )
    )
    + tuple(
        CourseSpec(
            f"sustainable-livestock-production-{number}",
            f"Sustainable Livestock Production {number}: {topic}",
            "Livestock Production",
            summary,
            outcomes,
            assessment,
            ("Agrifood",),
        )
        for number, topic, summary, outcomes, assessment in (
            (
                1,
                "Grassland and Forage",
                "Managing grassland and forage crops for productive, low-input livestock systems.",
                ("Assess forage quality and yield.", "Plan a grazing system."),
                "report",
            ),
            (
                2,
                "Animal Nutrition",
                "Feeding ruminants and monogastrics efficiently, with less waste and lower emissions.",
                ("Formulate a ration.", "Evaluate feed efficiency measures."),
                "data_set_analysis",
            ),
            (
                3,
                "Animal Health and Welfare",
                "Preventive health planning and welfare assessment on the farm.",
                ("Design a herd health plan.", "Apply a welfare assessment protocol."),
                "report",
            ),
            (
                4,
                "Emissions and the Environment",
                "Measuring and reducing greenhouse gas emissions and nutrient losses from livestock farms.",
                ("Estimate a farm's carbon footprint.", "Recommend mitigation measures."),
                "masters_test",
            ),
        )
    ),
)

IBERS_PROGRAMMES = (
    QualificationSpec(
        slug="msc-bioinnovation",
        title="BioInnovation MSc",
        study_duration_years=None,
        recommended_order="",
        courses=(),
    ),
    QualificationSpec(
        slug="msc-agrifood-innovation",
        title="Agrifood Innovation MSc",
        study_duration_years=None,
        recommended_order="",
        courses=(),
    ),
)

IBERS_SETS = (
    CourseSetSpec(
        slug="plant-breeding",
        name="Plant Breeding",
        courses=tuple(f"plant-breeding-{number}" for number in range(1, 5)),
        programmes=("msc-bioinnovation", "msc-agrifood-innovation"),
        release_offsets_days=(-300, -200, -60, 45),
    ),
    CourseSetSpec(
        slug="sustainable-livestock-production",
        name="Sustainable Livestock Production",
        courses=tuple(f"sustainable-livestock-production-{number}" for number in range(1, 5)),
        programmes=("msc-agrifood-innovation",),
        release_offsets_days=(-150, 30, 120, 210),
    ),
)
