"""University of London (seed 002): 15-credit postgraduate microcredentials, start any time."""

from microcred.demo.catalog_data.specs import QAA, CatalogueSpec, CourseSpec, ProviderSpec

UOL = CatalogueSpec(
    provider=ProviderSpec(
        slug="uol",
        name="University of London",
        awarding_body="University of London",
        country="United Kingdom",
        quality_assurance=QAA,
        delivery_partner="",
        website="https://www.london.ac.uk/",
    ),
    credits=15,
    level=7,
    weeks=10,
    hours_per_week=15,
    start_mode="anytime",
    entry_requirements="",
    assessment_supervision="Submitted online in a monthly assessment window; the learner's identity is "
    "checked against photo ID before the first submission.",
    further_information="Studied on the Global Digital Campus, with a Student Progress Advisor, the "
    "University's online library and careers resources.",
    courses=(
        CourseSpec(
            "foundations-of-data-science",
            "Foundations of Data Science",
            "Data Science",
            "Clean, explore and model real data sets in Python, and explain what the numbers do and do "
            "not say.",
            (
                "Prepare and clean tabular data from several sources for analysis.",
                "Apply descriptive statistics and visualisation to explore a data set.",
                "Fit and evaluate simple regression models and state their assumptions.",
                "Communicate findings and their limits to a non-specialist audience.",
            ),
            "project",
        ),
        CourseSpec(
            "machine-learning-in-practice",
            "Machine Learning in Practice",
            "Data Science",
            "Build, validate and deploy supervised learning models, and judge when they can be trusted.",
            (
                "Select a suitable supervised learning method for a business problem.",
                "Validate models with cross-validation and appropriate metrics.",
                "Identify and mitigate bias and data leakage in a modelling pipeline.",
            ),
            "project",
        ),
        CourseSpec(
            "data-visualisation-and-communication",
            "Data Visualisation and Communication",
            "Data Science",
            "Design charts and dashboards that help decision makers see what matters in their data.",
            (
                "Critique visualisations against principles of perception and design.",
                "Produce accessible charts and dashboards for a defined audience.",
                "Write a data story that supports a recommendation.",
            ),
            "project",
            ("Management",),
        ),
        CourseSpec(
            "cyber-security-fundamentals",
            "Cyber Security Fundamentals",
            "Cyber Security",
            "The threats, controls and principles every security practitioner needs, from cryptography to "
            "access control.",
            (
                "Explain common attacks on networks, systems and people.",
                "Apply the principles of confidentiality, integrity and availability to a system design.",
                "Recommend proportionate technical and organisational controls.",
            ),
            "project",
        ),
        CourseSpec(
            "security-risk-management",
            "Security Risk Management",
            "Cyber Security",
            "Assess information security risk and build a treatment plan aligned with ISO/IEC 27001.",
            (
                "Conduct an information security risk assessment.",
                "Evaluate risk treatment options against cost and impact.",
                "Draft security policy that meets regulatory requirements.",
            ),
            "project",
            ("Management",),
        ),
        CourseSpec(
            "digital-forensics",
            "Digital Forensics",
            "Cyber Security",
            "Acquire, preserve and analyse digital evidence so that it stands up to scrutiny.",
            (
                "Acquire digital evidence while preserving its integrity.",
                "Analyse file systems, memory and logs to reconstruct events.",
                "Report forensic findings in a form fit for legal proceedings.",
            ),
            "project",
            ("Law",),
        ),
        CourseSpec(
            "principles-of-global-health",
            "Principles of Global Health",
            "Global Health",
            "How health, disease and health systems differ across the world, and what drives those "
            "differences.",
            (
                "Describe the global burden of disease and how it is measured.",
                "Analyse the social and economic determinants of health.",
                "Evaluate the roles of global health organisations and financing.",
            ),
            "project",
        ),
        CourseSpec(
            "epidemiology-for-public-health",
            "Epidemiology for Public Health",
            "Global Health",
            "Measure disease in populations, read study designs critically and interpret their results.",
            (
                "Calculate and interpret measures of disease frequency and association.",
                "Compare cohort, case-control and cross-sectional study designs.",
                "Appraise the role of bias, confounding and chance in published studies.",
            ),
            "project",
        ),
        CourseSpec(
            "learning-design-for-online-education",
            "Learning Design for Online Education",
            "Education",
            "Design online courses that are engaging, accessible and aligned with their learning outcomes.",
            (
                "Write measurable learning outcomes and align activities and assessment with them.",
                "Design accessible online learning activities for diverse learners.",
                "Evaluate an online course using learner analytics and feedback.",
            ),
            "project",
        ),
        CourseSpec(
            "leading-educational-change",
            "Leading Educational Change",
            "Education",
            "Lead improvement in schools, colleges and universities, from evidence to implementation.",
            (
                "Analyse an educational organisation's readiness for change.",
                "Use research evidence to plan an improvement initiative.",
                "Evaluate the impact of a change on learners and staff.",
            ),
            "project",
            ("Management",),
        ),
        CourseSpec(
            "international-commercial-law",
            "Introduction to International Commercial Law",
            "Law",
            "The law of international sales, carriage and payment, and how disputes between traders "
            "are settled.",
            (
                "Explain the framework of the Vienna Convention on the International Sale of Goods.",
                "Analyse the allocation of risk under Incoterms.",
                "Compare litigation and arbitration for cross-border commercial disputes.",
            ),
            "project",
        ),
        CourseSpec(
            "data-protection-and-privacy-law",
            "Data Protection and Privacy Law",
            "Law",
            "The UK GDPR and the Data Protection Act 2018 in practice: lawful bases, rights and "
            "accountability.",
            (
                "Identify the lawful basis for a processing activity.",
                "Advise on data subject rights and international transfers.",
                "Design an accountability programme, including impact assessments.",
            ),
            "project",
            ("Cyber Security",),
        ),
        CourseSpec(
            "strategic-management",
            "Strategic Management",
            "Management",
            "Analyse an organisation's environment and capabilities, and formulate a strategy that "
            "fits both.",
            (
                "Apply tools of strategic analysis to an organisation and its industry.",
                "Formulate strategic options and evaluate them.",
                "Plan the implementation of a strategy and how to measure it.",
            ),
            "project",
        ),
        CourseSpec(
            "leading-people-and-organisations",
            "Leading People and Organisations",
            "Management",
            "Motivate, develop and lead people through uncertainty, drawing on organisational "
            "behaviour research.",
            (
                "Critically evaluate theories of leadership and motivation.",
                "Diagnose team dynamics and recommend interventions.",
                "Reflect on and plan the development of one's own leadership practice.",
            ),
            "project",
        ),
    ),
)
