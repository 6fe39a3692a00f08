from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = "Supervision, stepped support and training"

    def ready(self) -> None:
        from cases import pages, retention, timeline, worklist
        from cases.models import SupportLevel
        from checkins import reminders
        from rtw.stored_text import day, labels
        from supervision import rules  # noqa: F401  (registers the permission rules)
        from supervision.actions import DISCUSSED, SUPPORT_LEVEL_SET
        from supervision.reminders import training_renewals
        from supervision.retention import anonymise_supervision_notes
        from supervision.stepped import WORKLIST, case_support

        worklist.register(WORKLIST)
        # The support level and contacts so far: on the summary and on the contacts page.
        pages.register_case_context(case_support, sections=(pages.SUMMARY, "contacts"))
        retention.register(anonymise_supervision_notes)
        reminders.register_producer(training_renewals)
        timeline.register(
            DISCUSSED, SUPPORT_LEVEL_SET, values={"day": day, "level": labels(SupportLevel)}
        )
