"""The exception hierarchy: every error a user can act on is a :class:`GongjianError`.

Faces (the dashboard and the command line) catch ``GongjianError`` and show
:meth:`GongjianError.message` in the user's language; anything else is a bug.
"""

from __future__ import annotations


class GongjianError(Exception):
    """Root of every error the user can act on; carries a Chinese and an English message."""

    exit_code = 1

    def __init__(self, zh: str, en: str | None = None) -> None:
        super().__init__(en or zh)
        self.zh = zh
        self.en = en or zh

    def message(self, lang: str = "zh") -> str:
        """The message in ``lang`` (``"zh"`` or ``"en"``)."""
        return self.zh if lang == "zh" else self.en


class StoreError(GongjianError):
    """The store cannot be read or written."""

    exit_code = 3


class StoreLocked(StoreError):
    """Another process is loading into the same store."""


class StoreCorrupt(StoreError):
    """The store's files do not match its manifest."""


class UnknownNode(GongjianError):
    """A node asked for by id does not exist."""

    exit_code = 4


class QueryRefused(GongjianError):
    """An analyst query that would change data, the schema or the server, or read files."""

    exit_code = 5


class QueryFailed(GongjianError):
    """An analyst query is wrong, timed out, or asked for an unknown named query."""

    exit_code = 5


class UnknownQuery(GongjianError):
    """A named query asked for by a name the library does not have; ``similar`` are close names."""

    exit_code = 4

    def __init__(self, zh: str, en: str, *, name: str, similar: tuple[str, ...] = ()) -> None:
        super().__init__(zh, en)
        self.name, self.similar = name, similar


class QueryParamInvalid(GongjianError):
    """A query parameter that is unknown, missing, or of the wrong kind or value.

    ``problem`` says which: ``unknown``, ``missing``, ``int``, ``int64``, ``date``, ``date_minimum``, ``minimum``, ``maximum``,
    ``choice``; ``param`` and ``value`` are the parameter and what was given, ``allowed`` the
    parameters the query takes (``unknown``, ``missing``) or the values it accepts (``choice``,
    as ``(code, zh, en)``), ``minimum`` the least number accepted.
    """

    exit_code = 2

    def __init__(self, zh: str, en: str, *, problem: str, query: str, param: str, value: object = None,
                 allowed: tuple[object, ...] = (), minimum: object = None, maximum: int | None = None) -> None:
        super().__init__(zh, en)
        self.problem, self.query, self.param, self.value = problem, query, param, value
        self.allowed, self.minimum, self.maximum = allowed, minimum, maximum
