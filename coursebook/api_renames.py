"""Facts about fastai renames that the installed fastai cannot supply.

Everything else comes from the installed fastai at build time (see
:mod:`coursebook.fastai_api`): the names it exports, the attributes of its
classes, its list of callback events, and the new names in its own
deprecation warnings (``cnn_learner`` warns that it was renamed to
``vision_learner``). A rename below is used only while its new name exists in
the installed fastai, so a stale entry can never produce a wrong note.
"""

from __future__ import annotations

# Old names that fastai removed without leaving a deprecated alias.
RENAMES: dict[str, str] = {
    "after_cancel_valid": "after_cancel_validate",
    # Also derived from the alias's deprecation warning; kept so the note
    # stays right once fastai drops the alias.
    "cnn_learner": "vision_learner",
}

# Prefix renames of callback events: ``begin_fit`` became ``before_fit``.
PREFIX_RENAMES: dict[str, str] = {
    "begin_": "before_",
}

# Variable names that course texts use for fastai objects, and the class of
# the object, so ``learn.fine_tune()`` is checked against ``Learner``.
RECEIVERS: dict[str, str] = {
    "learn": "Learner",
}

# Classes whose attributes a bare name such as ``fine_tune`` or ``plot_loss()``
# may refer to. Each must be exported by ``fastai.vision.all``.
CHECKED_CLASSES: tuple[str, ...] = ("Learner", "Recorder", "ImageDataLoaders", "DataLoaders", "Callback")

# A bare name of this shape is taken for a callback event, so an unknown one
# is an error rather than an unrelated word.
EVENT_PATTERN = r"(?:before|after|begin)_[a-z][a-z_]*"

# Prefix of the events that follow a cancel exception. A list of events is
# compared with fastai's events of the same family: cancel events or the rest.
CANCEL_EVENT_PREFIX = "after_cancel_"

# How many events of one family a paragraph or list must name before the
# check treats it as a listing and names the events that it leaves out.
LISTING_MIN_EVENTS = 3
