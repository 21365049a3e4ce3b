"""The one error tree of policykg; each error carries the HTTP status it maps to.

PolicyKGError                 (500)
├── ConfigurationError        (500)  bad POLICYKG_* setting
├── StoreError                (503)  the triple store cannot be opened or reached
├── ValidationError           (422)  SHACL violations in curated data
├── ReasonerError             (500)  HermiT failed or found the ontology inconsistent
├── QuerySyntaxError          (400)  a SPARQL query does not parse
├── BadRequest                (400)  a parameter is missing or malformed
├── NotFound                  (404)  unknown topic, jurisdiction or resource
├── Unauthorized              (401)  a write without the right bearer token
├── Forbidden                 (403)  a write where writes are not allowed
├── QueryTimeout              (503)  a query stopped at POLICYKG_QUERY_TIMEOUT
├── IngestTimeout             (503)  reading a document stopped at POLICYKG_INGEST_TIMEOUT
├── ResultTooLarge            (413)  a /sparql answer over POLICYKG_MAX_RESULT_MB
├── ParseError                (422)  a document cannot be read
├── UnsupportedFormat         (415)  a document in no known format
└── TooLarge                  (413)  a request body over its limit

An error's message is a catalogue template in English with `{name}` placeholders and the values
that fill them (`ParseError(mark("{name}: the document is empty"), name=name)`): `message` is the
English text, for logs; `kg.locale.error_text(exc)` is the same message in the reader's language,
for the pages, the API and the CLI. Keeping template and values apart lets an error cross a
process boundary (the query and reader workers) and be translated where it is shown.
"""

from __future__ import annotations

from typing import Any


class PolicyKGError(Exception):
    """Root of every error policykg raises on purpose."""

    status = 500

    def __init__(self, message: str, /, **values: Any) -> None:
        self.template = message
        self.values = values
        self.message = message.format(**values) if values else message
        super().__init__(self.message)


class ConfigurationError(PolicyKGError):
    status = 500


class StoreError(PolicyKGError):
    status = 503


class QueryTimeout(PolicyKGError):
    """A query ran longer than POLICYKG_QUERY_TIMEOUT and was stopped."""

    status = 503

    def __init__(self, message: str, elapsed: float, /, **values: Any) -> None:
        super().__init__(message, **values)
        self.elapsed = elapsed


class ValidationError(PolicyKGError):
    status = 422


class ReasonerError(PolicyKGError):
    status = 500


class QuerySyntaxError(PolicyKGError):
    status = 400


class BadRequest(PolicyKGError):
    status = 400


class NotFound(PolicyKGError):
    status = 404


class Unauthorized(PolicyKGError):
    status = 401


class Forbidden(PolicyKGError):
    status = 403


class ParseError(PolicyKGError):
    """A document could not be read; the message names the file and the reason."""

    status = 422


class UnsupportedFormat(PolicyKGError):
    status = 415


class TooLarge(PolicyKGError):
    status = 413


class ResultTooLarge(PolicyKGError):
    """A query's answer passed POLICYKG_MAX_RESULT_MB: stopped, nothing sent but this error.

    413 because the client asked for more than the server sends in one answer; the remedy
    (LIMIT/OFFSET, fewer variables) is the client's.
    """

    status = 413


class IngestTimeout(PolicyKGError):
    """Reading a document (parse + extract) outlived POLICYKG_INGEST_TIMEOUT and was stopped."""

    status = 503
