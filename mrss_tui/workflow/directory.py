"""Directory use cases: search, detail, the supervisor's edits."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, ValidationError

from mrss_tui.domain.directory import (
    BAND_AGES,
    ServiceDetail,
    ServiceDraft,
    ServiceSummary,
    parse_hours,
)
from mrss_tui.domain.enums import AgeBand, ServiceStatus
from mrss_tui.domain.plain_text import strip_controls
from mrss_tui.domain.text import PlainTextModel
from mrss_tui.errors import ValidationFailed
from mrss_tui.store.repos.directory import COUNT_CAP
from mrss_tui.workflow.context import Session
from mrss_tui.workflow.permissions import Action

PAGE = 40  # rows hydrated per keystroke: more than a 40-line terminal shows


class DirectoryQuery(BaseModel):
    model_config = ConfigDict(defer_build=True)

    text: str = ""
    county: str = ""
    band: AgeBand = AgeBand.UNKNOWN
    category: str = ""
    open_now: bool = False


class DirectoryPage(BaseModel):
    model_config = ConfigDict(defer_build=True)

    services: list[ServiceSummary]
    total: int  # above COUNT_CAP means "more than COUNT_CAP"

    @property
    def total_text(self) -> str:
        if self.total > COUNT_CAP:
            return f"More than {COUNT_CAP:,} services match; type more to narrow"
        return f"{self.total} service{'s' if self.total != 1 else ''}"


class DirectoryChoices(BaseModel):
    model_config = ConfigDict(defer_build=True)

    counties: list[str]
    categories: list[tuple[str, str]]


def search_directory(session: Session, query: DirectoryQuery, limit: int = PAGE,
                     offset: int = 0) -> DirectoryPage:
    session.require(Action.VIEW_DIRECTORY)
    ages = None if query.band is AgeBand.UNKNOWN else BAND_AGES[query.band]
    open_at = session.now().astimezone(session.config.zone) if query.open_now else None
    with session.store.read_snapshot():
        services, total = session.store.directory.search(
            query.text, county=query.county, ages=ages, category=query.category, open_at=open_at,
            limit=limit, offset=offset)
    return DirectoryPage(services=services, total=total)


def directory_choices(session: Session) -> DirectoryChoices:
    session.require(Action.VIEW_DIRECTORY)
    directory = session.store.directory
    counties = sorted({*session.config.counties, *directory.counties()}, key=str.casefold)
    return DirectoryChoices(counties=counties, categories=directory.categories())


def service_detail(session: Session, service_id: str) -> ServiceDetail:
    session.require(Action.VIEW_DIRECTORY)
    return session.store.directory.get(service_id)


class ServiceForm(PlainTextModel):
    """The editor's fields as typed (text); ``to_draft`` checks and converts them."""

    model_config = ConfigDict(defer_build=True)

    long_text: ClassVar[frozenset[str]] = frozenset({"description", "hours"})
    sanitize: ClassVar[bool] = True  # as typed; ServiceDraft checks on save

    name: str = ""
    organization: str = ""
    description: str = ""
    status: str = ServiceStatus.ACTIVE.value
    minimum_age: str = ""
    maximum_age: str = ""
    phone: str = ""
    address_1: str = ""
    city: str = ""
    state_province: str = ""
    postal_code: str = ""
    counties: str = ""
    categories: str = ""  # category names or ids, comma-separated
    hours: str = ""
    languages: str = ""

    @classmethod
    def from_detail(cls, detail: ServiceDetail, hours_text: str) -> "ServiceForm":
        summary = detail.summary
        address = detail.addresses[0] if detail.addresses else None
        # Stored text may predate the input rules: shown stripped, checked again on save.
        return cls.model_construct(**{k: strip_controls(v) for k, v in dict(
            name=summary.name, organization=summary.organization, description=detail.description,
            status=summary.status.value,
            minimum_age="" if summary.minimum_age is None else str(summary.minimum_age),
            maximum_age="" if summary.maximum_age is None else str(summary.maximum_age),
            phone=detail.phones[0].number if detail.phones else "",
            address_1=address.address_1 if address else "", city=address.city if address else "",
            state_province=address.state_province if address else "",
            postal_code=address.postal_code if address else "",
            counties=", ".join(summary.counties), categories=", ".join(summary.category_names),
            hours=hours_text, languages=", ".join(detail.languages)).items()})


def _words(text: str) -> list[str]:
    return [w.strip() for w in text.split(",") if w.strip()]


def _to_draft(form: ServiceForm, terms: list[tuple[str, str]]) -> ServiceDraft:
    problems: dict[str, str] = {}
    if not form.name.strip():
        problems["name"] = "a service needs a name"
    if not form.organization.strip():
        problems["organization"] = "name the organization that runs it"
    ages: dict[str, int | None] = {}
    for field in ("minimum_age", "maximum_age"):
        text = getattr(form, field).strip()
        if text and (not text.isdigit() or int(text) > 120):
            problems[field] = "a whole number of years (0-120) or empty"
        ages[field] = int(text) if text.isdigit() else None
    if ages["minimum_age"] is not None and ages["maximum_age"] is not None \
            and ages["minimum_age"] > ages["maximum_age"]:
        problems["maximum_age"] = "the maximum age is below the minimum"
    by_name = {name.casefold(): term_id for term_id, name in terms}
    known_ids = {term_id for term_id, _ in terms}
    categories = []
    for word in _words(form.categories):
        term = word if word in known_ids else by_name.get(word.casefold())
        if term is None:
            problems["categories"] = f"'{word}' is not a category of this directory"
        else:
            categories.append(term)
    try:
        hours = parse_hours(form.hours)
    except ValueError as exc:
        problems["hours"] = str(exc)
        hours = []
    if form.address_1.strip() and not form.city.strip():
        problems["city"] = "an address needs its town or city"
    if form.status not in {s.value for s in ServiceStatus}:
        problems["status"] = "active, inactive, defunct or temporarily closed"
    if problems:
        raise ValidationFailed("the service was not saved: " + "; ".join(
            f"{k.replace('_', ' ')}: {v}" for k, v in problems.items()), problems)
    try:
        return ServiceDraft(
            name=form.name.strip(), organization=form.organization.strip(),
            description=form.description.strip(), status=ServiceStatus(form.status),
            minimum_age=ages["minimum_age"], maximum_age=ages["maximum_age"],
            phone=form.phone.strip(), address_1=form.address_1.strip(), city=form.city.strip(),
            state_province=form.state_province.strip(), postal_code=form.postal_code.strip(),
            counties=_words(form.counties), categories=categories, hours=hours,
            languages=_words(form.languages))
    except ValidationError as exc:  # pragma: no cover - the checks above cover every field
        raise ValidationFailed(f"the service was not saved: {exc.errors()[0]['msg']}") from None


def save_service(session: Session, form: ServiceForm, *, service_id: str | None = None,
                 expected_version: int | None = None) -> str:
    """Create or change a service; saving is a verification by the supervisor."""
    session.require(Action.EDIT_DIRECTORY)
    store = session.store
    with store.atomic():
        draft = _to_draft(form, store.directory.all_terms())
        return store.directory.save_service(session.actor.login, draft, service_id=service_id,
                                            expected_version=expected_version,
                                            verified_at=session.now())


def mark_verified(session: Session, service_id: str, expected_version: int | None) -> None:
    session.require(Action.EDIT_DIRECTORY)
    with session.store.atomic():
        session.store.directory.mark_verified(session.actor.login, service_id, at=session.now(),
                                              expected_version=expected_version)
