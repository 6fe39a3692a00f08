"""The cases app's forms, one module per noun; import them from here."""

from cases.forms.contacts import ContactForm
from cases.forms.decisions import AcceptForm, CloseCaseForm, ConsentForm, DeclineForm, ReassignForm
from cases.forms.employers import LinkEmployerForm
from cases.forms.fit_notes import FitNoteForm
from cases.forms.referrals import EpisodeForm, ExistingWorkerChoiceForm, ReferralForm, WorkerForm
from cases.forms.worklist import WORKLIST_FILTERS, WORKLIST_SORTS, WorklistFilterForm

__all__ = [
    "FitNoteForm",
    "ContactForm",
    "WorkerForm",
    "ReferralForm",
    "ExistingWorkerChoiceForm",
    "EpisodeForm",
    "AcceptForm",
    "DeclineForm",
    "CloseCaseForm",
    "ReassignForm",
    "ConsentForm",
    "LinkEmployerForm",
    "WORKLIST_FILTERS",
    "WORKLIST_SORTS",
    "WorklistFilterForm",
]
