from django.urls import path

from supervision.views import sessions, stepped, team, training

app_name = "supervision"

urlpatterns = [
    path("cases/<uuid:code>/support/", stepped.support_level, name="support_level"),
    path("off-plan/", stepped.off_plan, name="off_plan"),
    path("sessions/", sessions.session_list, name="sessions"),
    path("sessions/new/", sessions.new_session, name="new_session"),
    path("sessions/<uuid:code>/", sessions.session_detail, name="session_detail"),
    path("sessions/<uuid:code>/cases/new/", sessions.discuss_case, name="discuss_case"),
    path("training/", training.training, name="training"),
    path("training/new/", training.new_training, name="new_training"),
    path("team/", team.team_settings, name="team_settings"),
    path("approvals/", team.approvals_waiting, name="approvals"),
    path("plans/<uuid:code>/ask-approval/", team.ask_approval, name="ask_approval"),
    path("plans/<uuid:code>/approval/", team.plan_approval, name="plan_approval"),
]
