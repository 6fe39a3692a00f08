"""Hooks: how a lower floor lets the apps above it act at a moment of its own (ADR 11).

A floor declares a :class:`Hook` for a moment (a referral accepted, a case closed); an app
above registers a function from its ``AppConfig.ready()``; the floor calls the hook with keyword
arguments, and each registered function runs in turn, in the caller's transaction.
"""

from collections.abc import Callable


class Hook:
    """Functions called, in the order they were registered, with the call's keyword arguments."""

    def __init__(self) -> None:
        self._functions: list[Callable[..., object]] = []

    def register(self, function: Callable[..., object]) -> Callable[..., object]:
        if function not in self._functions:
            self._functions.append(function)
        return function

    def __call__(self, **kwargs) -> None:
        for function in self._functions:
            function(**kwargs)
