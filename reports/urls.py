from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("figures.csv", views.export_csv, name="export_csv"),
    path("figures.pdf", views.export_pdf, name="export_pdf"),
]
