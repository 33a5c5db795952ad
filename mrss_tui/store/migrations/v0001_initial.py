"""The whole data model of DESIGN.md.

Times are UTC ISO-8601 text ('2026-11-22T14:31:05Z'), so text order is time order. Mutable rows
carry ``version`` for optimistic concurrency (several SSH sessions share the file). NULL in a
yes/no column means "not asked / unknown".
"""

SQL = r"""
CREATE TABLE app_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE staff (
    id INTEGER PRIMARY KEY,
    login TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    credentials TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    paging_url TEXT NOT NULL DEFAULT '',
    region TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE shifts (
    id INTEGER PRIMARY KEY,
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    region TEXT NOT NULL,
    slot TEXT NOT NULL,
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    CHECK (ends_at > starts_at)
) STRICT;
CREATE INDEX shifts_region_time ON shifts(region, starts_at, ends_at);
CREATE INDEX shifts_staff_time ON shifts(staff_id, starts_at);
CREATE INDEX shifts_time ON shifts(starts_at, ends_at);

CREATE TABLE persons (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL DEFAULT '',
    birth_date TEXT,
    stated_age INTEGER,
    phone TEXT NOT NULL DEFAULT '',
    town TEXT NOT NULL DEFAULT '',
    county TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX persons_phone ON persons(phone) WHERE phone <> '';
CREATE VIRTUAL TABLE persons_fts USING fts5(
    name, content='persons', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER persons_fts_ai AFTER INSERT ON persons BEGIN
    INSERT INTO persons_fts(rowid, name) VALUES (new.id, new.name);
END;
CREATE TRIGGER persons_fts_ad AFTER DELETE ON persons BEGIN
    INSERT INTO persons_fts(persons_fts, rowid, name) VALUES ('delete', old.id, old.name);
END;
CREATE TRIGGER persons_fts_au AFTER UPDATE OF name ON persons BEGIN
    INSERT INTO persons_fts(persons_fts, rowid, name) VALUES ('delete', old.id, old.name);
    INSERT INTO persons_fts(rowid, name) VALUES (new.id, new.name);
END;

CREATE TABLE calls (
    id INTEGER PRIMARY KEY,
    received_at TEXT NOT NULL,
    line TEXT NOT NULL,
    callback_number TEXT NOT NULL DEFAULT '',
    callback_valid INTEGER NOT NULL DEFAULT 0,
    caller_name TEXT NOT NULL DEFAULT '',
    caller_relation TEXT NOT NULL DEFAULT '',
    person_id INTEGER REFERENCES persons(id),
    age_band TEXT NOT NULL DEFAULT 'unknown',
    address TEXT NOT NULL DEFAULT '',
    town TEXT NOT NULL DEFAULT '',
    county TEXT NOT NULL DEFAULT '',
    region TEXT NOT NULL DEFAULT '',
    situation TEXT NOT NULL DEFAULT '',
    weapons INTEGER,
    hazards TEXT NOT NULL DEFAULT '',
    violence_history INTEGER,
    substance_use INTEGER,
    police_needed INTEGER,
    cssrs TEXT,
    risk_level TEXT,
    acuity TEXT,
    triage TEXT,
    incident_number TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'open',
    closed_at TEXT,
    taken_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX calls_received ON calls(received_at);
CREATE INDEX calls_open ON calls(received_at) WHERE status = 'open';
CREATE INDEX calls_person ON calls(person_id, received_at);
CREATE INDEX calls_callback ON calls(callback_number) WHERE callback_number <> '';

CREATE TABLE episodes (
    id INTEGER PRIMARY KEY,
    call_id INTEGER NOT NULL REFERENCES calls(id),
    person_id INTEGER REFERENCES persons(id),
    phase TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    face_to_face_at TEXT,
    phase_started_at TEXT NOT NULL,
    closed_at TEXT,
    disposition TEXT,
    close_reason TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX episodes_phase ON episodes(phase, phase_started_at);
CREATE INDEX episodes_opened ON episodes(opened_at);
CREATE INDEX episodes_closed ON episodes(closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX episodes_call ON episodes(call_id);
CREATE INDEX episodes_person ON episodes(person_id);

CREATE TABLE episode_phases (
    id INTEGER PRIMARY KEY,
    episode_id INTEGER NOT NULL REFERENCES episodes(id),
    phase TEXT NOT NULL,
    started_at TEXT NOT NULL,
    by_login TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX episode_phases_episode ON episode_phases(episode_id, started_at);

CREATE TABLE episode_team (
    episode_id INTEGER NOT NULL REFERENCES episodes(id),
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    added_at TEXT NOT NULL,
    PRIMARY KEY (episode_id, staff_id)
) STRICT;
CREATE INDEX episode_team_staff ON episode_team(staff_id);

CREATE TABLE dispatches (
    id INTEGER PRIMARY KEY,
    call_id INTEGER NOT NULL REFERENCES calls(id),
    episode_id INTEGER REFERENCES episodes(id),
    region TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    paged_at TEXT NOT NULL,
    acknowledged_at TEXT,
    en_route_at TEXT,
    arrived_at TEXT,
    cleared_at TEXT,
    cancelled_at TEXT,
    escalated_at TEXT,
    le_coresponse INTEGER NOT NULL DEFAULT 0,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX dispatches_active ON dispatches(paged_at)
    WHERE cleared_at IS NULL AND cancelled_at IS NULL;
CREATE INDEX dispatches_paged ON dispatches(paged_at);
CREATE INDEX dispatches_call ON dispatches(call_id);
CREATE INDEX dispatches_episode ON dispatches(episode_id);

CREATE TABLE dispatch_members (
    dispatch_id INTEGER NOT NULL REFERENCES dispatches(id),
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    slot TEXT NOT NULL,
    acknowledged_at TEXT,
    PRIMARY KEY (dispatch_id, staff_id)
) STRICT;
CREATE INDEX dispatch_members_staff ON dispatch_members(staff_id);

CREATE TABLE pages (
    id INTEGER PRIMARY KEY,
    dispatch_id INTEGER REFERENCES dispatches(id),
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    kind TEXT NOT NULL DEFAULT 'dispatch',
    body TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    last_error TEXT NOT NULL DEFAULT '',
    claimed_by TEXT,
    claimed_until TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT
) STRICT;
CREATE INDEX pages_due ON pages(next_attempt_at) WHERE status = 'queued';
CREATE INDEX pages_dispatch ON pages(dispatch_id);

CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    episode_id INTEGER NOT NULL REFERENCES episodes(id),
    at TEXT NOT NULL,
    mode TEXT NOT NULL,
    staff_id INTEGER REFERENCES staff(id),
    services TEXT NOT NULL DEFAULT '[]',
    minutes INTEGER NOT NULL DEFAULT 0,
    successful INTEGER NOT NULL DEFAULT 1,
    cssrs TEXT,
    risk_level TEXT,
    medical TEXT,
    note TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX contacts_episode ON contacts(episode_id, at);
CREATE INDEX contacts_at ON contacts(at);

CREATE TABLE followups (
    id INTEGER PRIMARY KEY,
    episode_id INTEGER NOT NULL REFERENCES episodes(id),
    due_at TEXT NOT NULL,
    kind TEXT NOT NULL,
    origin TEXT NOT NULL DEFAULT 'rule',
    assigned_to INTEGER REFERENCES staff(id),
    done_at TEXT,
    done_by TEXT,
    contact_id INTEGER REFERENCES contacts(id),
    note TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (episode_id, kind, due_at)
) STRICT;
CREATE INDEX followups_open ON followups(due_at) WHERE done_at IS NULL;
CREATE INDEX followups_due ON followups(due_at);
CREATE INDEX followups_episode ON followups(episode_id, due_at);

CREATE TABLE safety_plans (
    id INTEGER PRIMARY KEY,
    episode_id INTEGER NOT NULL REFERENCES episodes(id),
    version_no INTEGER NOT NULL,
    warning_signs TEXT NOT NULL DEFAULT '',
    coping_strategies TEXT NOT NULL DEFAULT '',
    distractions TEXT NOT NULL DEFAULT '',
    help_contacts TEXT NOT NULL DEFAULT '',
    professionals TEXT NOT NULL DEFAULT '',
    environment_safety TEXT NOT NULL DEFAULT '',
    reasons_for_living TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (episode_id, version_no)
) STRICT;

CREATE TABLE organizations (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    alternate_name TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    website TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE services (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    name TEXT NOT NULL,
    alternate_name TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'active',
    eligibility_description TEXT NOT NULL DEFAULT '',
    minimum_age INTEGER,
    maximum_age INTEGER,
    fees_description TEXT NOT NULL DEFAULT '',
    application_process TEXT NOT NULL DEFAULT '',
    last_verified_at TEXT,
    verified_by TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX services_org ON services(organization_id);
CREATE INDEX services_verified ON services(last_verified_at);

CREATE TABLE locations (
    id TEXT PRIMARY KEY,
    organization_id TEXT REFERENCES organizations(id),
    name TEXT NOT NULL DEFAULT '',
    location_type TEXT NOT NULL DEFAULT 'physical',
    description TEXT NOT NULL DEFAULT '',
    latitude REAL,
    longitude REAL
) STRICT;

CREATE TABLE addresses (
    id TEXT PRIMARY KEY,
    location_id TEXT NOT NULL REFERENCES locations(id),
    attention TEXT NOT NULL DEFAULT '',
    address_1 TEXT NOT NULL,
    address_2 TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL,
    region TEXT NOT NULL DEFAULT '',
    state_province TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    country TEXT NOT NULL,
    address_type TEXT NOT NULL DEFAULT 'physical'
) STRICT;
CREATE INDEX addresses_location ON addresses(location_id);

CREATE TABLE service_at_location (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES services(id),
    location_id TEXT NOT NULL REFERENCES locations(id)
) STRICT;
CREATE INDEX sal_service ON service_at_location(service_id);
CREATE INDEX sal_location ON service_at_location(location_id);

CREATE TABLE phones (
    id TEXT PRIMARY KEY,
    organization_id TEXT REFERENCES organizations(id),
    service_id TEXT REFERENCES services(id),
    location_id TEXT REFERENCES locations(id),
    number TEXT NOT NULL,
    extension TEXT NOT NULL DEFAULT '',
    type TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX phones_service ON phones(service_id);
CREATE INDEX phones_location ON phones(location_id);
CREATE INDEX phones_org ON phones(organization_id);

CREATE TABLE schedules (
    id TEXT PRIMARY KEY,
    service_id TEXT REFERENCES services(id),
    location_id TEXT REFERENCES locations(id),
    byday TEXT NOT NULL DEFAULT '',
    opens_at TEXT,
    closes_at TEXT,
    freq TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX schedules_service ON schedules(service_id);
CREATE INDEX schedules_location ON schedules(location_id);

CREATE TABLE taxonomy_terms (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    parent_id TEXT,
    taxonomy TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE service_taxonomy (
    service_id TEXT NOT NULL REFERENCES services(id),
    taxonomy_term_id TEXT NOT NULL REFERENCES taxonomy_terms(id),
    PRIMARY KEY (service_id, taxonomy_term_id)
) STRICT;
CREATE INDEX service_taxonomy_term ON service_taxonomy(taxonomy_term_id);

CREATE TABLE service_areas (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES services(id),
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX service_areas_service ON service_areas(service_id);
CREATE INDEX service_areas_name ON service_areas(name);

CREATE TABLE languages (
    id TEXT PRIMARY KEY,
    service_id TEXT REFERENCES services(id),
    location_id TEXT REFERENCES locations(id),
    name TEXT NOT NULL DEFAULT '',
    code TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX languages_service ON languages(service_id);

CREATE VIRTUAL TABLE directory_fts USING fts5(
    service_id UNINDEXED, name, organization, description, categories,
    tokenize='unicode61 remove_diacritics 2', prefix='2 3'
);

CREATE TABLE referrals (
    id INTEGER PRIMARY KEY,
    episode_id INTEGER NOT NULL REFERENCES episodes(id),
    service_id TEXT REFERENCES services(id),
    category TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    status_at TEXT NOT NULL,
    status_by TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX referrals_episode ON referrals(episode_id);
CREATE INDEX referrals_created ON referrals(created_at);

CREATE TABLE referral_events (
    id INTEGER PRIMARY KEY,
    referral_id INTEGER NOT NULL REFERENCES referrals(id),
    status TEXT NOT NULL,
    at TEXT NOT NULL,
    by_login TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX referral_events_referral ON referral_events(referral_id, at);

CREATE TABLE alerts (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    subject_type TEXT NOT NULL,
    subject_id INTEGER NOT NULL,
    due_at TEXT NOT NULL,
    severity TEXT NOT NULL,
    message TEXT NOT NULL,
    raised_at TEXT NOT NULL,
    raised_by TEXT NOT NULL,
    acknowledged_at TEXT,
    acknowledged_by TEXT,
    snoozed_until TEXT,
    resolved_at TEXT,
    UNIQUE (kind, subject_type, subject_id, due_at)
) STRICT;
CREATE INDEX alerts_open ON alerts(due_at) WHERE acknowledged_at IS NULL AND resolved_at IS NULL;
CREATE INDEX alerts_raised ON alerts(raised_at);

CREATE TABLE drafts (
    staff_login TEXT NOT NULL,
    form TEXT NOT NULL,
    payload TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (staff_login, form)
) STRICT;

CREATE TABLE report_runs (
    week TEXT PRIMARY KEY,
    generated_at TEXT NOT NULL,
    path TEXT NOT NULL DEFAULT '',
    emailed INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL DEFAULT '',
    person_id INTEGER,
    detail TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX audit_at ON audit(at);
CREATE INDEX audit_actor ON audit(actor, at);
CREATE INDEX audit_person ON audit(person_id, at) WHERE person_id IS NOT NULL;
CREATE INDEX audit_entity ON audit(entity, entity_id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit rows are append-only and cannot be changed');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit rows are append-only and cannot be deleted');
END;

INSERT INTO app_meta(key, value) VALUES ('app', 'mrss-tui');
"""
