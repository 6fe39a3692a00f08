"""The catalogue helpers of scripts/messages.py, loaded from the file (scripts is no package)."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

_spec = importlib.util.spec_from_file_location("rtw_messages", ROOT / "scripts" / "messages.py")
messages = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(messages)
