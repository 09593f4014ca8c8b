"""Registries of named components (aligners, projectors, NER taggers, translators, datasets).

A component is registered under a name; a *spec* selects it, optionally with an argument after a
colon: ``e5``, ``hf:xlm-roberta-base``, ``imported:links.pharaoh``, ``fused:e5+eflomal@0.5``. The app
and the CLI list registries generically, without special cases.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from .errors import Errors, XprojError

T = TypeVar("T")


@dataclass(frozen=True)
class Entry(Generic[T]):
    """One registered component."""

    name: str
    factory: Callable[..., T]
    description: str
    takes_argument: bool = False
    argument_help: str = ""
    options: dict[str, str] = field(default_factory=dict)


class Registry(Generic[T]):
    """Name → factory, with ``name:argument`` specs and keyword options."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._entries: dict[str, Entry[T]] = {}
        self._wrappers: list[Callable[[T], T]] = []

    def register(
        self,
        name: str,
        description: str,
        *,
        takes_argument: bool = False,
        argument_help: str = "",
        options: dict[str, str] | None = None,
    ) -> Callable[[Callable[..., T]], Callable[..., T]]:
        """Decorator registering ``factory(argument=None, **options)`` under ``name``."""

        def decorator(factory: Callable[..., T]) -> Callable[..., T]:
            if name in self._entries:
                raise ValueError(f"{self.kind} {name!r} registered twice")
            self._entries[name] = Entry(name, factory, description, takes_argument, argument_help, dict(options or {}))
            return factory

        return decorator

    def entry(self, spec: str) -> tuple[Entry[T], str | None]:
        """The entry a spec names, and its argument (None when the spec has no colon)."""
        name, _, argument = spec.partition(":")
        entry = self._entries.get(name)
        if entry is None:
            raise XprojError(Errors.E010, kind=self.kind, name=spec, known=", ".join(self.names()))
        if entry.takes_argument and not argument:
            raise XprojError(Errors.E016, option=spec, detail=f"{name} needs an argument: {name}:{entry.argument_help}")
        if argument and not entry.takes_argument:
            raise XprojError(Errors.E016, option=spec, detail=f"{name} takes no ':' argument")
        return entry, (argument or None)

    def create(self, spec: str, **options: Any) -> T:
        """Build the component a spec names."""
        entry, argument = self.entry(spec)
        component = entry.factory(argument, **options) if entry.takes_argument else entry.factory(**options)
        for wrapper in self._wrappers:
            component = wrapper(component)
        return component

    @contextmanager
    def wrapping(self, wrapper: Callable[[T], T]) -> Iterator[None]:
        """Within the block, pass every component this registry builds (inner ones of composite
        components included) through ``wrapper``; sweeps use it to share alignments in a process."""
        self._wrappers.append(wrapper)
        try:
            yield
        finally:
            self._wrappers.remove(wrapper)

    def names(self) -> list[str]:
        return sorted(self._entries)

    def entries(self) -> list[Entry[T]]:
        return [self._entries[n] for n in self.names()]

    def __contains__(self, spec: str) -> bool:
        return spec.partition(":")[0] in self._entries
