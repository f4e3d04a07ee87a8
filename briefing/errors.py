"""The one error hierarchy of briefing.

Every failure a user can cause or fix (a bad article, an unreachable engine, an
unwritable folder) is raised as a subclass of :class:`BriefingError`. The CLI
reports these as one ``Error: ...`` line; anything else is a bug and keeps its
traceback.
"""

from __future__ import annotations


class BriefingError(Exception):
    """Base of every error briefing reports to the user."""


class SettingsError(BriefingError):
    """The show settings (TOML or flags) are invalid."""


class ArticleError(BriefingError):
    """An article could not be read or understood."""


class SourceError(ArticleError):
    """A daily source (feed, page or folder) could not be read."""


class ScriptError(BriefingError):
    """A script could not be composed, parsed or rendered."""


class SynthesisError(BriefingError):
    """A speech engine failed to produce usable audio."""


class EngineUnavailableError(SynthesisError):
    """The engine cannot be reached or loaded at all, so another may take over."""


class AudioError(BriefingError):
    """Audio could not be decoded, assembled or encoded."""


class PublishError(BriefingError):
    """The episode could not be published (files, catalog, feed)."""
