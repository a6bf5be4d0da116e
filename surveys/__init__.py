"""Survey toolkit: survey definitions, XLSForm import, expressions, response validation.

Pure Python: imports no Flask, no SQLAlchemy and nothing from ``backend`` (a test enforces it).

The public API::

    from surveys import (import_xlsform, load_definition, check_definition, survey_fingerprint,
                         validate_response, prepare_survey, flatten_responses,
                         summarise_responses, templates, evaluate, compile_expression)
"""

from surveys import templates
from surveys.definition import (
    Question,
    check_definition,
    definition_schema,
    iter_questions,
    load_definition,
    survey_fingerprint,
)
from surveys.errors import (
    ExpressionError,
    InvalidSurveyError,
    SurveyError,
    SurveyTooLargeError,
    TemplateNotFoundError,
)
from surveys.export import ExportTables, flatten_responses
from surveys.expressions import EvaluationContext, Expression, compile_expression, evaluate
from surveys.issues import ImportIssue, IssueCode
from surveys.limits import check_definition_size
from surveys.prepared import PreparedSurvey, prepare_survey
from surveys.responses import ResponseProblem, ValidatedResponse, validate_response
from surveys.summary import summarise_responses
from surveys.xlsform import ImportResult, import_xlsform

__all__ = [
    "EvaluationContext",
    "ExportTables",
    "Expression",
    "ExpressionError",
    "ImportIssue",
    "ImportResult",
    "InvalidSurveyError",
    "IssueCode",
    "PreparedSurvey",
    "Question",
    "ResponseProblem",
    "SurveyError",
    "SurveyTooLargeError",
    "TemplateNotFoundError",
    "ValidatedResponse",
    "check_definition",
    "check_definition_size",
    "compile_expression",
    "definition_schema",
    "evaluate",
    "flatten_responses",
    "import_xlsform",
    "iter_questions",
    "load_definition",
    "prepare_survey",
    "summarise_responses",
    "survey_fingerprint",
    "templates",
    "validate_response",
]
