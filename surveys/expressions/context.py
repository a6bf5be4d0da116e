"""What an expression can see while it runs: the answers, ``.``, the clock, the repeat position."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

from surveys.expressions.values import NodeSet, Value

Clock = Callable[[], dt.datetime]
"""Returns the current time, time-zone aware; injected so that tests are deterministic."""


def system_clock() -> dt.datetime:
    """The machine's current time, in its local time zone."""
    return dt.datetime.now().astimezone()


def _zone_of(clock: Clock) -> dt.tzinfo:
    """The fixed UTC offset of the clock's current time."""
    offset = clock().utcoffset()
    return dt.timezone(offset) if offset is not None else dt.UTC


class EvaluationContext:
    """The answers and surroundings an expression is evaluated against.

    Parameters
    ----------
    answers:
        Question name → value as ODK encodes it (a string; a :class:`NodeSet` for a question
        inside a repeat seen from outside it, or for a repeat itself: one item per instance).
    current:
        The value of ``.`` (the question the expression belongs to).
    clock:
        Gives ``now()`` and ``today()``; defaults to the system clock.
    position:
        ``position(..)``: the 1-based index of the current repeat instance.
    all_instances:
        Question name → the values across every instance of its repeat, for
        ``indexed-repeat()``; defaults to ``answers``.
    choice_label:
        ``(question name, choice name) → label`` for ``jr:choice-name()``.
    item:
        In a ``choice_filter``: the choice being filtered (column → value), which bare
        names such as ``commune`` in ``commune = ${commune}`` read.
    zone:
        The device's time zone (its UTC offset): dates are midnights there, ``today()`` is
        its date. Defaults to the clock's offset, so a response judged with the clock set to
        its ``submitted_at`` is judged in the respondent's zone.
    language:
        The form language (``"fr"``, ``"English (en)"``…) for the month and day names of
        ``format-date()``; French by default.
    """

    __slots__ = (
        "all_instances",
        "answers",
        "choice_label",
        "clock",
        "current",
        "item",
        "language",
        "position",
        "zone",
    )

    def __init__(
        self,
        answers: Mapping[str, Value] | None = None,
        *,
        current: Value = "",
        clock: Clock | None = None,
        position: int = 1,
        all_instances: Mapping[str, Value] | None = None,
        choice_label: Callable[[str, str], str] | None = None,
        item: Mapping[str, str] | None = None,
        zone: dt.tzinfo | None = None,
        language: str | None = None,
    ) -> None:
        self.answers: Mapping[str, Value] = answers if answers is not None else {}
        self.current = current
        self.clock = clock or system_clock
        self.position = position
        self.all_instances = all_instances if all_instances is not None else self.answers
        self.choice_label = choice_label
        self.item = item
        self.zone = zone if zone is not None else _zone_of(self.clock)
        self.language = language

    def value_of(self, name: str) -> Value:
        """The answer to ``name``; an unanswered question is the empty string."""
        value = self.answers.get(name, "")
        if isinstance(value, list):
            return NodeSet(value)
        return value

    def value_at(self, name: str) -> Value:
        """A path's value: a column of the filtered choice, else the answer to ``name``."""
        if self.item is not None:
            return self.item.get(name, "")
        return self.value_of(name)

    def instances_of(self, name: str) -> NodeSet:
        """The answers to ``name`` in every instance of its repeat."""
        value = self.all_instances.get(name, "")
        if isinstance(value, NodeSet):
            return value
        if isinstance(value, list):
            return NodeSet(value)
        return NodeSet((value,)) if isinstance(value, str) else NodeSet((str(value),))
