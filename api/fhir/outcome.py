"""OperationOutcome: every problem of a request, each with where it is (FHIRPath)."""

from dataclasses import dataclass

from fhir.resources.R4B.operationoutcome import OperationOutcome


@dataclass(frozen=True)
class Issue:
    code: str  # an IssueType: structure, required, value, invariant, duplicate, not-found, ...
    message: str
    expression: str = ""


class Invalid(Exception):
    """A request refused with these issues (400 for structure, 422 for the service's rules)."""

    def __init__(self, issues: list[Issue], status: int = 422):
        super().__init__("; ".join(issue.message for issue in issues))
        self.issues = issues
        self.status = status


def operation_outcome(issues: list[Issue]) -> dict:
    """The OperationOutcome JSON, checked against the R4 model before it leaves."""
    resource = OperationOutcome.model_validate(
        {
            "resourceType": "OperationOutcome",
            "issue": [
                {
                    "severity": "error",
                    "code": issue.code,
                    "diagnostics": issue.message,
                    **(
                        {"expression": [issue.expression], "location": [issue.expression]}
                        if issue.expression
                        else {}
                    ),
                }
                for issue in issues
            ],
        }
    )
    return resource.model_dump(mode="json", exclude_none=True)
