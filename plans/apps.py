from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Return-to-work plans"

    def ready(self) -> None:
        from cases import course, homes, retention, timeline, worklist
        from checkins import reminders
        from plans import (
            lines,
            rules,  # noqa: F401  (registers the permission rules for plans)
        )
        from plans import reminders as plan_reminders
        from plans.homes import employer_plan_lines, worker_plan_week
        from plans.retention import anonymise_plans
        from plans.statutory import add_statutory_milestones
        from plans.worklist import EXTENSION

        worklist.register(EXTENSION)
        course.accepted.register(add_statutory_milestones)
        course.resumed.register(plan_reminders.unmark)
        course.closed.register(plan_reminders.settle)
        timeline.register(*lines.ALL, values=lines.VALUES)
        retention.register(anonymise_plans)
        homes.register_employer_lines(employer_plan_lines)
        homes.register_worker_home(worker_plan_week)
        for producer in (
            plan_reminders.reviews_due,
            plan_reminders.milestones_due,
            plan_reminders.weekly_digest,
        ):
            reminders.register_producer(producer)
