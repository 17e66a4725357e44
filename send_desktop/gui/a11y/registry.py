"""Every dialog the app can open, registered with a factory that opens it on demo data.

The accessibility walker (tests/gui/test_accessibility.py) opens each registered dialog on
the demo database and checks names, Tab order and colour; it fails on any ``QDialog``
subclass in ``send_desktop/gui`` that is neither registered nor exempted. To register
yours, put this next to the dialog class::

    from send_desktop.gui.a11y.registry import demo_dialog

    @demo_dialog(MyDialog)
    def _demo_my_dialog(window):  # window: a shown MainWindow on the demo database
        return MyDialog(window.db, parent=window)

A factory may instead ``yield`` the dialog several times, once per state worth checking
(the steps of a wizard, a tab, an error shown). A base class that is never shown on its
own is exempted with ``not_walked(FormDialog, "base class of SettingDialog, PersonDialog")``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog

if TYPE_CHECKING:
    from send_desktop.gui.main_window import MainWindow

Factory = Callable[["MainWindow"], "QDialog | Iterator[QDialog]"]


@dataclass(frozen=True)
class DemoDialog:
    cls: type[QDialog]
    factory: Factory

    @property
    def name(self) -> str:
        return f"{self.cls.__module__}.{self.cls.__qualname__}"


_DIALOGS: dict[type[QDialog], DemoDialog] = {}
_EXEMPT: dict[type[QDialog], str] = {}


def demo_dialog(cls: type[QDialog]) -> Callable[[Factory], Factory]:
    """Register ``factory(window)`` as the way to open ``cls`` with demo data."""

    def register(factory: Factory) -> Factory:
        _DIALOGS[cls] = DemoDialog(cls, factory)
        return factory

    return register


def not_walked(cls: type[QDialog], reason: str) -> None:
    """Exempt a dialog class the walker cannot open on its own (say why)."""
    if not reason.strip():
        raise ValueError("not_walked needs a reason")
    _EXEMPT[cls] = reason


def registered() -> list[DemoDialog]:
    return sorted(_DIALOGS.values(), key=lambda d: d.name)


def exempted() -> dict[type[QDialog], str]:
    return dict(_EXEMPT)


def is_covered(cls: type[Any]) -> bool:
    return cls in _DIALOGS or cls in _EXEMPT
