"""Referral directory: indexes for the directory screen, the suggestions and the referral list.

directory_fts is kept in step by the directory repository (it rebuilds a service's row on every
write and the whole index after an import), not by triggers: the indexed categories come from
two joined tables, which triggers on four tables would have to re-derive row by row.
"""

SQL = r"""
CREATE INDEX services_name ON services(name COLLATE NOCASE, id);
CREATE INDEX service_areas_name_nocase ON service_areas(name COLLATE NOCASE, service_id);
CREATE INDEX referrals_service ON referrals(service_id);
CREATE INDEX referrals_status ON referrals(status, status_at);
CREATE INDEX locations_org ON locations(organization_id);
CREATE INDEX languages_location ON languages(location_id);
"""
