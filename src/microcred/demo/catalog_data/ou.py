"""The Open University via FutureLearn (seeds 000, 001): 12 weeks × 13 hours, three starts a year."""

from microcred.demo.catalog_data.specs import QAA, CatalogueSpec, CourseSpec, ProviderSpec, QualificationSpec

OU = CatalogueSpec(
    provider=ProviderSpec(
        slug="ou",
        name="The Open University",
        awarding_body="The Open University",
        country="United Kingdom",
        quality_assurance=QAA,
        delivery_partner="FutureLearn",
        website="https://www.open.ac.uk/",
    ),
    credits=15,
    level=7,
    weeks=12,
    hours_per_week=13,
    start_mode="cohort",
    entry_requirements="",
    assessment_supervision="A final assessment marked by academic experts; identity is verified when the "
    "learner registers and again when the final assessment is submitted.",
    further_information="Social learning with an on-course mentor who answers questions in each week's "
    "help area, usually within 48 hours. No access to the OU Library.",
    courses=(
        CourseSpec(
            "online-teaching-creating-courses-for-adult-learners",
            "Online Teaching: Creating Courses for Adult Learners",
            "Education",
            "Plan, build and evaluate an online course for adult learners, grounded in research on online "
            "pedagogy.",
            (
                "Apply principles of adult learning to the design of an online course.",
                "Create a course outline with aligned activities and assessment.",
                "Evaluate the quality of an online course against recognised frameworks.",
            ),
            "final_assessment",
        ),
        CourseSpec(
            "online-teaching-accessibility-and-inclusive-learning",
            "Online Teaching: Accessibility and Inclusive Learning",
            "Education",
            "Make online teaching work for every learner: accessibility law, universal design and inclusive "
            "practice.",
            (
                "Explain the legal and ethical case for accessible online learning.",
                "Apply universal design for learning to online materials.",
                "Audit an online course for accessibility and plan improvements.",
            ),
            "final_assessment",
        ),
        CourseSpec(
            "leading-change-in-organisations",
            "Leading Change in Organisations",
            "Management",
            "Understand why change succeeds or fails, and lead it with the people it affects.",
            (
                "Critically analyse models of organisational change.",
                "Diagnose resistance to change and plan engagement.",
                "Evaluate a change initiative in one's own organisation.",
            ),
            "final_assessment",
        ),
        CourseSpec(
            "applied-behavioural-economics",
            "Applied Behavioural Economics",
            "Management",
            "Use insights about how people really decide to design better products, services and policies.",
            (
                "Explain the main biases and heuristics in human decision making.",
                "Design a behavioural intervention and a trial to test it.",
                "Assess the ethics of nudging in public and commercial settings.",
            ),
            "final_assessment",
            ("Economics",),
        ),
        CourseSpec(
            "cyber-security-operations",
            "Cyber Security Operations: Defending Networks",
            "Cyber Security",
            "Detect, respond to and recover from attacks as part of a security operations team.",
            (
                "Monitor networks and systems for signs of compromise.",
                "Plan and carry out an incident response.",
                "Recommend improvements after an incident review.",
            ),
            "final_assessment",
        ),
        CourseSpec(
            "digital-transformation-strategy-and-practice",
            "Digital Transformation: Strategy and Practice",
            "Management",
            "Lead the digital transformation of an organisation, from business case to new ways of working.",
            (
                "Evaluate the strategic case for a digital transformation.",
                "Plan the organisational and technical change it requires.",
                "Measure the value a transformation delivers.",
            ),
            "final_assessment",
            ("Data Science",),
        ),
    ),
)

OU_QUALIFICATIONS = (
    QualificationSpec(
        slug="pgcert-online-and-distance-education",
        title="Postgraduate Certificate in Online and Distance Education",
        study_duration_years=5,
        recommended_order="Creating Courses for Adult Learners first, then Accessibility and "
        "Inclusive Learning.",
        courses=(
            "online-teaching-creating-courses-for-adult-learners",
            "online-teaching-accessibility-and-inclusive-learning",
        ),
    ),
    QualificationSpec(
        slug="pgcert-business-and-management",
        title="Postgraduate Certificate in Business and Management",
        study_duration_years=6,
        recommended_order="Leading Change in Organisations first.",
        courses=(
            "leading-change-in-organisations",
            "applied-behavioural-economics",
            "digital-transformation-strategy-and-practice",
            "cyber-security-operations",
        ),
        restrictions=(("leading-change-in-organisations", "B870 Managing change (module)"),),
        former_courses=("online-teaching-accessibility-and-inclusive-learning",),
    ),
)
