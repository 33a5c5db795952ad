"""Demo data: the referral directory (organizations, services, places, hours, phones), as a
part of the demo generator (``demo.py``). Directory phones are in the fictional 555-01xx range."""

from __future__ import annotations

from datetime import timedelta

from mrss_tui.domain.times import iso
from mrss_tui.workflow import demo_names as names


class DemoDirectory:
    """Mixed into the generator, whose ``rows``, ``rng``, ``config``, ``opt`` and ``now`` it uses."""

    def _directory(self) -> None:
        for code, name in names.CATEGORIES:
            self.rows.add("taxonomy_terms", {"id": f"cat-{code}", "code": code, "name": name,
                                             "description": "", "parent_id": None,
                                             "taxonomy": "mrss"})
        counties = self.config.counties
        org_count = max(1, self.opt.resources // 3)
        org_ids = []
        for index in range(org_count):
            org_id = f"org-{index + 1:05d}"
            org_name = f"{self.rng.choice(names.ORG_WORDS)} {self.rng.choice(names.ORG_KINDS)}"
            self.rows.add("organizations", {"id": org_id, "name": org_name, "alternate_name": "",
                                            "description": f"{org_name} serves families in the region.",
                                            "email": "", "website": ""})
            org_ids.append((org_id, org_name))
        for index in range(self.opt.resources):
            self._service(index, self.rng.choice(org_ids), counties)

    def _service(self, index: int, org: tuple[str, str], counties: list[str]) -> None:
        org_id, org_name = org
        service_id = f"svc-{index + 1:05d}"
        cats = self.rng.sample(names.CATEGORIES, self.rng.choice([1, 1, 2]))
        cat_names = [c[1] for c in cats]
        name = f"{cat_names[0]} - {org_name.split()[0]}"
        served = set(self.rng.sample(counties, min(len(counties), self.rng.randint(1, 3))))
        status = self._pick([("active", 92), ("inactive", 3), ("temporarily closed", 3),
                             ("defunct", 2)])
        verified = self.now - timedelta(days=self.rng.randint(5, 330) if self.rng.random() < 0.85
                                        else self.rng.randint(380, 900))
        youth_only = self.rng.random() < 0.4
        description = (f"{cat_names[0]} for {'children and youth' if youth_only else 'all ages'}"
                       f" in {', '.join(sorted(served))} county.")
        self.rows.add("services", {
            "id": service_id, "organization_id": org_id, "name": name, "alternate_name": "",
            "description": description, "url": "", "email": "", "status": status,
            "eligibility_description": "", "minimum_age": 0 if youth_only else None,
            "maximum_age": 20 if youth_only else None, "fees_description": "Sliding scale",
            "application_process": "Call to schedule an intake",
            "last_verified_at": iso(verified), "verified_by": "super", "updated_at": iso(verified),
            "version": 1})
        town = self.rng.choice([t for t in self.config.towns if t.county in served])
        location_id = f"loc-{index + 1:05d}"
        self.rows.add("locations", {"id": location_id, "organization_id": org_id, "name": name,
                                    "location_type": "physical", "description": "",
                                    "latitude": None, "longitude": None})
        self.rows.add("addresses", {
            "id": f"adr-{index + 1:05d}", "location_id": location_id, "attention": "",
            "address_1": f"{self.rng.randint(10, 999)} {self.rng.choice(names.STREETS)}",
            "address_2": "", "city": town.name, "region": town.county, "state_province": "",
            "postal_code": f"{self.rng.randint(10000, 99999)}", "country": "US",
            "address_type": "physical"})
        self.rows.add("service_at_location", {"id": f"sal-{index + 1:05d}", "service_id": service_id,
                                              "location_id": location_id})
        self.rows.add("phones", {"id": f"ph-{index + 1:05d}", "organization_id": None,
                                 "service_id": service_id, "location_id": None,
                                 "number": f"({self.area}) 555-01{index % 100:02d}",
                                 "extension": "", "type": "voice", "description": ""})
        always = "crisis" in name.lower() or self.rng.random() < 0.1
        self.rows.add("schedules", {
            "id": f"sch-{index + 1:05d}", "service_id": service_id, "location_id": None,
            "byday": "MO,TU,WE,TH,FR,SA,SU" if always else "MO,TU,WE,TH,FR",
            "opens_at": "00:00" if always else "08:00", "closes_at": "23:59" if always else "17:00",
            "freq": "WEEKLY", "description": "Open every day, all day" if always else "Weekdays"})
        for code, _label in cats:
            self.rows.add("service_taxonomy", {"service_id": service_id,
                                               "taxonomy_term_id": f"cat-{code}"})
        for n, county in enumerate(sorted(served)):
            self.rows.add("service_areas", {"id": f"area-{index + 1:05d}-{n}",
                                            "service_id": service_id, "name": county,
                                            "description": ""})
        self.rows.add("languages", {"id": f"lang-{index + 1:05d}", "service_id": service_id,
                                    "location_id": None, "name": "English", "code": "en"})
        if self.rng.random() < 0.3:
            self.rows.add("languages", {"id": f"lang-{index + 1:05d}-es", "service_id": service_id,
                                        "location_id": None, "name": "Spanish", "code": "es"})
        if status == "active":
            self.services.append((service_id, [c[0] for c in cats], served))
