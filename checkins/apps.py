from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    name = "checkins"
    verbose_name = "Check-ins and reminders"

    def ready(self) -> None:
        from cases import course, pages, retention, timeline, worklist
        from checkins import (
            actions,
            backlog,
            lines,
            producers,  # registers the check-in and fit-note producers when imported
        )
        from checkins.pages import case_check_ins
        from checkins.retention import anonymise_check_ins
        from checkins.worklist import EXTENSION
        from rtw import outbox

        worklist.register(EXTENSION)
        pages.register_case_context(case_check_ins, sections=("summary", "check_ins"))
        outbox.register_backlog(backlog.due_reminders)
        retention.register(anonymise_check_ins)
        course.closed.register(actions.end_open_check_ins)
        course.closed.register(actions.settle_fit_notes)
        course.resumed.register(producers.unmark_fit_notes)
        timeline.register(*lines.ALL, values=lines.VALUES)
