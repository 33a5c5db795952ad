"""Which facts a page may carry (``paging.page_fields`` in config.toml).

Every field a page can carry, in the order printed. The default is minimum necessary: it
leaves out free text (the situation) and substance use (42 CFR Part 2); the team reads those in
mrss. Kept apart from ``domain/paging`` so loading the config does not import phonenumbers.
"""

PAGE_FIELDS = ("risk", "team_safety", "where", "person", "callback", "weapons", "violence",
               "substance", "police", "situation")
DEFAULT_PAGE_FIELDS = ("risk", "team_safety", "where", "person", "callback", "weapons",
                       "violence", "police")
