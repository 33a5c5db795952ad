"""Fictional names and text for demo data. No real person is described."""

FIRST = (
    "Avery Blake Casey Devon Emery Finley Gray Harper Indigo Jules Kai Logan Marlowe Nico Oakley "
    "Parker Quinn Reese Sage Tatum Umber Val Wren Xan Yael Zion Ada Bram Cleo Dax Elio Faye Gus "
    "Hana Ivo Juno Kit Lior Mina Noor Otto Pia Rafe Suri Teo Uma Vida Wade Xia Yuri Zara"
).split()

LAST = (
    "Alder Birch Cedar Dune Elm Fern Glen Heath Iris Juniper Kestrel Larch Maple Nettle Oak "
    "Pine Quill Rowan Sorrel Thistle Umberto Vale Willow Yarrow Zephyr Ashby Brook Crane Dale "
    "Ember Frost Gale Hollis Ivey Jett Knoll Lark Moss North Orchard Perrin Reed Stone Tarn "
    "Vance Whit Wells Yates"
).split()

RELATIONS = ("parent", "parent", "parent", "self", "grandparent", "school counselor", "teacher",
             "sibling", "foster parent", "police", "friend", "case worker")

SITUATIONS = (
    "Youth barricaded in bedroom after argument, threatening self-harm",
    "Escalating aggression at home, broke a window, parent afraid",
    "Talking about not wanting to be alive after breakup",
    "Panic attack, cannot calm down, has not slept in two days",
    "Refusing to go to school for a week, locked in room, not eating",
    "Ran away from home, found at friend's house, very agitated",
    "Cutting, fresh wounds seen by parent, says it helps",
    "Hearing voices telling them to hurt others, frightened",
    "Intoxicated and crying, made statements about ending life",
    "Fight at school, suspended, threatened a classmate",
    "Grief after death of grandparent, withdrawn, stopped eating",
    "Posted goodbye message online, friends worried",
    "Family conflict over phone use escalated to pushing",
    "Severe anxiety before court date, pacing and shaking",
    "Destroyed belongings, yelling, sibling hiding in car",
)

HAZARDS = ("", "", "", "", "dog in yard", "two large dogs", "firearms in home (locked)",
           "knives accessible in kitchen", "aggressive dog, ask owner to secure",
           "gravel road, no cell signal past mile 3")

STREETS = ("Main St", "Juniper Ln", "Canyon Rd", "Rimrock Dr", "School St", "Mill Rd",
           "Ranch Rd", "River Rd", "Elm St", "Depot Ave", "Highway 20", "Sage Way")

CATEGORIES = (
    ("counseling", "Counseling and therapy"),
    ("psychiatry", "Psychiatry and medication management"),
    ("substance_use", "Substance use treatment"),
    ("housing", "Housing and shelter"),
    ("food", "Food assistance"),
    ("family_support", "Family support and parenting"),
    ("peer_support", "Peer support"),
    ("crisis_respite", "Crisis respite"),
    ("school", "School-based services"),
    ("primary_care", "Primary care"),
    ("legal", "Legal aid"),
    ("transportation", "Transportation"),
)

ORG_WORDS = ("Harbor", "Juniper", "Summit", "Riverbend", "Highland", "Sagebrush", "Cascade",
             "Prairie", "Lantern", "Bridge", "Compass", "Hearth", "Meadow", "Beacon", "Keystone")
ORG_KINDS = ("Family Services", "Counseling Center", "Health Clinic", "Community Alliance",
             "Youth Network", "Recovery Center", "Housing Partners", "Food Bank", "Legal Clinic",
             "Wellness Collective")
