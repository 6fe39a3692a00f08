from django.urls import path

from plans import confirmations, phase_views, previews, signing, subject_access_views, views

app_name = "plans"

urlpatterns = [
    path("case/<uuid:code>/", views.case_plan, name="case_plan"),
    path("case/<uuid:code>/new/", views.create, name="create"),
    path("<uuid:code>/", views.detail, name="detail"),
    path("<uuid:code>/edit/", views.edit, name="edit"),
    path("<uuid:code>/phases/", phase_views.phases, name="phases"),
    path("<uuid:code>/schedule/", phase_views.schedule, name="schedule"),
    path("<uuid:code>/adjustments/new/", views.add_adjustment, name="add_adjustment"),
    path(
        "<uuid:code>/adjustments/<uuid:adjustment_code>/remove/",
        views.remove_adjustment,
        name="remove_adjustment",
    ),
    path("<uuid:code>/relapse/", views.relapse, name="relapse"),
    path("<uuid:code>/status/<str:change>/", views.change_status, name="change_status"),
    path("<uuid:code>/abandon/", confirmations.abandon, name="abandon"),
    path("<uuid:code>/sign/<str:party>/", signing.sign, name="sign"),
    path("<uuid:code>/milestones/", views.milestones, name="milestones"),
    path("<uuid:code>/copy/<str:audience>/", views.shared_copy, name="shared_copy"),
    path("<uuid:code>/pdf/<str:audience>/", views.pdf, name="pdf"),
    path("<uuid:code>/employer-sign/", views.employer_sign, name="employer_sign"),
    path("<uuid:code>/check-ins/", views.check_ins, name="check_ins"),
    path("<uuid:code>/worker-sign/", views.worker_sign, name="worker_sign"),
    path("case/<uuid:code>/step-back/", views.step_back_for_case, name="step_back_for_case"),
    path(
        "case/<uuid:code>/subject-access/",
        subject_access_views.subject_access_request,
        name="subject_access",
    ),
    path(
        "my-support/<uuid:code>/sharing/preview/",
        previews.sharing_preview,
        name="sharing_preview",
    ),
    path("milestones/<uuid:code>/", views.milestone, name="milestone"),
    path("reviews/<uuid:code>/", views.review, name="review"),
]
