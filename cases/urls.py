from django.urls import path

from cases.views import (
    audit,
    case_pages,
    clinicians,
    duplicates,
    employers,
    records,
    returns,
    workers,
    worklists,
)

app_name = "cases"

urlpatterns = [
    path("", worklists.worklist, name="worklist"),
    path("team/", worklists.team_worklist, name="team_worklist"),
    path("team/reassign/", worklists.reassign, name="reassign"),
    path("referrals/", worklists.referral_queue, name="referral_queue"),
    path("<uuid:code>/", case_pages.case_detail, name="case_detail"),
    path("<uuid:code>/plan/", case_pages.case_plan_summary, name="case_plan_summary"),
    path("<uuid:code>/check-ins/", case_pages.case_check_ins, name="case_check_ins"),
    path("<uuid:code>/fit-notes/", case_pages.case_fit_notes, name="case_fit_notes"),
    path("<uuid:code>/contacts/", case_pages.case_contacts, name="case_contacts"),
    path("<uuid:code>/what-is-shared/", case_pages.case_sharing, name="case_sharing"),
    path("<uuid:code>/history/", case_pages.case_history, name="case_history"),
    path("<uuid:code>/decision/", records.decide_referral, name="decide_referral"),
    path("<uuid:code>/audit/", audit.case_audit, name="case_audit"),
    path("<uuid:code>/contacts/new/", records.add_contact, name="add_contact"),
    path("<uuid:code>/fit-notes/new/", records.add_fit_note, name="add_fit_note"),
    path("<uuid:code>/status/<str:change>/", records.change_status, name="change_status"),
    path("<uuid:code>/close/", returns.close_case, name="close_case"),
    path("<uuid:code>/return/", returns.record_return, name="record_return"),
    path("<uuid:code>/sharing/", records.record_consent, name="record_consent"),
    path("<uuid:code>/employer/", records.link_employer, name="link_employer"),
    path("<uuid:code>/duplicate/", duplicates.reconcile, name="reconcile"),
    path("refer/", clinicians.refer, name="refer"),
    path("refer/patient/<uuid:code>/", clinicians.refer_known, name="refer_known"),
    path("my-referrals/", clinicians.my_referrals, name="my_referrals"),
    path("my-referrals/<uuid:code>/", clinicians.referral_detail, name="referral_detail"),
    path("employees/", employers.employer_home, name="employer_home"),
    path("employees/<uuid:code>/", employers.employer_case, name="employer_case"),
    path("my-support/", workers.worker_home, name="worker_home"),
    path("my-support/<uuid:code>/sharing/", workers.worker_sharing, name="worker_sharing"),
    path("my-support/<uuid:code>/access/", workers.worker_access_log, name="worker_access_log"),
    path("my-support/<uuid:code>/stop/", workers.worker_stop, name="worker_stop"),
    path(
        "my-support/<uuid:code>/<str:change>/",
        workers.worker_change_participation,
        name="worker_change",
    ),
]
