from __future__ import annotations

from mrss_tui.domain.episodes import SafetyPlanForm
from mrss_tui.domain.models import SafetyPlan
from mrss_tui.errors import NotFound
from mrss_tui.store.repos import Repo


class SafetyPlans(Repo):
    def save(self, actor: str, episode_id: int, form: SafetyPlanForm) -> SafetyPlan:
        """Every save is a new version; earlier versions are kept as they were."""
        with self.s.atomic():
            version_no = 1 + int(self.s.scalar(
                "SELECT coalesce(max(version_no), 0) FROM safety_plans WHERE episode_id = ?",
                (episode_id,)))
            values = {"episode_id": episode_id, "version_no": version_no, **form.sections(),
                      "created_by": actor, "created_at": self.s.now()}
            plan_id = self.s.insert("safety_plans", values)
            # Plan text is clinical content: the audit names the version, not the words.
            self.s.audit(actor, "safety_plan.save", "safety_plan", plan_id,
                         episode_id=episode_id, version_no=version_no)
        return self.get(plan_id)

    def get(self, plan_id: int) -> SafetyPlan:
        row = self.s.one("SELECT * FROM safety_plans WHERE id = ?", (plan_id,))
        if row is None:
            raise NotFound(f"no safety plan #{plan_id}")
        return SafetyPlan.model_validate(dict(row))

    def latest(self, episode_id: int) -> SafetyPlan | None:
        row = self.s.one("SELECT * FROM safety_plans WHERE episode_id = ? "
                         "ORDER BY version_no DESC LIMIT 1", (episode_id,))
        return SafetyPlan.model_validate(dict(row)) if row else None

    def versions(self, episode_id: int) -> list[SafetyPlan]:
        rows = self.s.all("SELECT * FROM safety_plans WHERE episode_id = ? ORDER BY version_no",
                          (episode_id,))
        return [SafetyPlan.model_validate(dict(r)) for r in rows]


REPOS = {"safety_plans": SafetyPlans}
