import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rtw.jurisdictions import Jurisdiction


class OrganisationKind(models.TextChoices):
    VSW_TEAM = "VSW_TEAM", _("Vocational support team")
    GP_PRACTICE = "GP_PRACTICE", _("GP practice")
    EMPLOYER = "EMPLOYER", _("Employer")


class Organisation(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    address = models.TextField(blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    # Teams only: the country whose sickness-absence timeline the team's cases follow.
    jurisdiction = models.CharField(
        max_length=2, choices=Jurisdiction.choices, default=Jurisdiction.UK
    )
    # Teams only: a supervisor approves each plan version before it is proposed.
    plans_need_approval = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "name"], name="organisation_unique_kind_name"),
            models.CheckConstraint(
                condition=models.Q(kind__in=OrganisationKind.values),
                name="organisation_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    VSW = "VSW", _("Vocational support worker")
    SUPERVISOR = "SUPERVISOR", _("Supervisor")
    CLINICIAN = "CLINICIAN", _("Clinician")
    EMPLOYER_CONTACT = "EMPLOYER_CONTACT", _("Employer contact")
    WORKER = "WORKER", _("Worker")
    ADMIN = "ADMIN", _("Administrator")


# Which kind of organisation each role belongs to. Workers belong to their employer;
# administrators may belong to none.
ROLE_ORGANISATION_KIND = {
    Role.VSW: OrganisationKind.VSW_TEAM,
    Role.SUPERVISOR: OrganisationKind.VSW_TEAM,
    Role.CLINICIAN: OrganisationKind.GP_PRACTICE,
    Role.EMPLOYER_CONTACT: OrganisationKind.EMPLOYER,
    Role.WORKER: OrganisationKind.EMPLOYER,
}


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("Users need an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.update(is_staff=True, is_superuser=True, role=Role.ADMIN)
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. Logs in by email; what they may do follows from ``role``."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=150)
    role = models.CharField(max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="members", null=True, blank=True
    )
    job_title = models.CharField(max_length=150, blank=True)
    # The language pages, emails and PDFs reach this person in; blank follows their browser.
    preferred_language = models.CharField(
        max_length=8, choices=settings.LANGUAGES, blank=True, default=""
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        default=False, help_text="May sign in to the administration site."
    )
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="user_role_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(role=Role.ADMIN) | models.Q(organisation__isnull=False),
                name="user_organisation_required_unless_admin",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        self.email = self.email.lower()
        expected = ROLE_ORGANISATION_KIND.get(self.role)
        if expected and self.organisation and self.organisation.kind != expected:
            raise ValidationError(
                {
                    "organisation": f"A {self.get_role_display().lower()} belongs to a "
                    f"{expected.label.lower()}."
                }
            )
        if expected and not self.organisation_id:
            raise ValidationError(
                {"organisation": "Choose the organisation this person belongs to."}
            )

    @property
    def is_vsw(self) -> bool:
        return self.role == Role.VSW

    @property
    def is_supervisor(self) -> bool:
        return self.role == Role.SUPERVISOR

    @property
    def is_service_staff(self) -> bool:
        """VSWs and supervisors: the people who hold the full case record."""
        return self.role in (Role.VSW, Role.SUPERVISOR)

    @property
    def is_clinician(self) -> bool:
        return self.role == Role.CLINICIAN

    @property
    def is_employer_contact(self) -> bool:
        return self.role == Role.EMPLOYER_CONTACT

    @property
    def is_worker(self) -> bool:
        return self.role == Role.WORKER


class AuditOutcome(models.TextChoices):
    ALLOWED = "ALLOWED", "Allowed"
    DENIED = "DENIED", "Denied"


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Audit events are append-only.")

    def delete(self):
        raise TypeError("Audit events are append-only.")


class AuditEvent(models.Model):
    """One append-only line of the audit trail.

    No foreign keys: an event must outlive the user, organisation or record it names, and must
    never block their deletion. The application only ever inserts; on PostgreSQL a trigger
    refuses UPDATE and DELETE as well.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor_id = models.BigIntegerField(null=True)
    actor_email = models.CharField(max_length=254, blank=True)
    actor_role = models.CharField(max_length=20, blank=True)
    organisation_id = models.BigIntegerField(null=True)
    organisation_name = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=60)
    record_type = models.CharField(max_length=60)
    record_code = models.CharField(max_length=64, blank=True, db_index=True)
    outcome = models.CharField(max_length=10, choices=AuditOutcome.choices)
    request_id = models.CharField(max_length=64, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["record_type", "record_code", "at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome__in=AuditOutcome.values), name="audit_outcome_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_email} {self.action} {self.record_type}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit events are append-only.")


class Notification(models.Model):
    """An in-app message for a member of staff (e.g. a referral decision for the clinician)."""

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    created_at = models.DateTimeField(default=timezone.now)
    message = models.CharField(max_length=300)
    link = models.CharField(max_length=300, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.message


class SubmissionToken(models.Model):
    """A one-time token a form carried, claimed by the request that saved it (rtw/once.py).

    The unique ``token`` is the guard: a second submit of the same form waits on the first
    one's uncommitted row and then fails to insert, so it can only show what the first saved.
    """

    token = models.UUIDField(unique=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    url = models.CharField("where the saved record is shown", max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["created_at"], name="submissiontoken_created_at")]

    def __str__(self) -> str:
        return f"{self.token} → {self.url or '(nothing saved yet)'}"
