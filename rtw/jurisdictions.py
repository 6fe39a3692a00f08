"""The countries a service can work in. Each decides its sickness-absence timeline (DOMAIN.md
section 3): which statutory steps fall due on which day, and so which milestones and worklist
prompts a case gets. A service (a team) is set to one of them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Jurisdiction(models.TextChoices):
    UK = "UK", _("United Kingdom")
    NL = "NL", _("Netherlands")
    SE = "SE", _("Sweden")
