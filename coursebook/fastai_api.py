"""A snapshot of the names that the installed fastai defines, and its parameter defaults.

:func:`load_fastai_api` imports ``fastai.vision.all`` once per process, on
first use, and records what :mod:`coursebook.api_check` resolves names
against. Tests build :class:`FastaiApi` by hand instead. A build rarely
calls it itself, because a kernel resolves the check's lookups
(:mod:`coursebook.fastai_facts`).
"""

from __future__ import annotations

import ast
import dataclasses as dc
import functools
import importlib
import inspect
import re
import textwrap
import warnings
from collections.abc import Mapping

from coursebook.api_renames import CHECKED_CLASSES

_BACKTICKED_RE = re.compile(r"`([A-Za-z_]\w*)`")


@dc.dataclass(frozen=True)
class FastaiApi:
    """The names of one fastai installation.

    ``instance_attributes`` maps a class name to the attributes its instances
    get in methods (``self.dls = ...``), which ``hasattr`` on the class misses.
    ``callback_attributes`` maps the attribute under which a ``Learner``
    exposes a callback (``recorder``) to the callback's class.
    ``deprecated`` maps a deprecated alias to the name its warning points to.
    """

    version: str
    namespace: Mapping[str, object]
    events: tuple[str, ...]
    classes: Mapping[str, type]
    instance_attributes: Mapping[str, frozenset[str]] = dc.field(default_factory=dict)
    callback_attributes: Mapping[str, type] = dc.field(default_factory=dict)
    deprecated: Mapping[str, str] = dc.field(default_factory=dict)

    @property
    def short_version(self) -> str:
        """Return ``major.minor`` of :attr:`version`, as the page notes show it."""
        return ".".join(self.version.split(".")[:2])

    def has_attribute(self, owner: object, name: str) -> bool:
        """Return whether ``owner`` (a class or module) or its instances have ``name``."""
        if hasattr(owner, name):
            return True
        if inspect.isclass(owner):
            for cls in owner.__mro__:
                if name in self.instance_attributes.get(cls.__name__, ()):
                    return True
            learner = self.classes.get("Learner")
            if learner is not None and issubclass(owner, learner) and name in self.callback_attributes:
                return True
        return False

    def attribute(self, owner: object, name: str) -> object | None:
        """Return ``owner.name`` when it is a class or module the check can follow, else ``None``."""
        if inspect.isclass(owner):
            learner = self.classes.get("Learner")
            if learner is not None and issubclass(owner, learner) and name in self.callback_attributes:
                return self.callback_attributes[name]
        value = getattr(owner, name, None)
        return value if inspect.isclass(value) or inspect.ismodule(value) else None

    def resolves(self, name: str) -> bool:
        """Return whether a bare ``name`` is a fastai export, an event or an attribute of a checked class."""
        if name in self.namespace or name in self.events or name in self.callback_attributes:
            return True
        return any(self.has_attribute(cls, name) for cls in self.classes.values())

    def attribute_names(self, owner: object) -> list[str]:
        """Return every attribute name :meth:`has_attribute` accepts on ``owner``, for suggestions."""
        names = set(dir(owner))
        if inspect.isclass(owner):
            for cls in owner.__mro__:
                names |= self.instance_attributes.get(cls.__name__, frozenset())
            learner = self.classes.get("Learner")
            if learner is not None and issubclass(owner, learner):
                names |= set(self.callback_attributes)
        return sorted(name for name in names if not name.startswith("_"))


@functools.cache
def load_fastai_api() -> FastaiApi:
    """Import ``fastai.vision.all`` and snapshot its names; cached for the process."""
    with warnings.catch_warnings():
        # Importing fastai makes torch and pandas warn about their own
        # deprecations, which say nothing about the course text.
        warnings.simplefilter("ignore")
        import fastai
        import fastai.vision.all as fastai_all
        from fastai.callback.core import Callback, _events

    namespace = {name: value for name, value in vars(fastai_all).items() if not name.startswith("_")}
    classes = {name: namespace[name] for name in CHECKED_CLASSES if inspect.isclass(namespace.get(name))}
    api = FastaiApi(
        version=fastai.__version__,
        namespace=namespace,
        events=tuple(str(event) for event in _events),
        classes=classes,
        instance_attributes=_instance_attributes(classes.values()),
        callback_attributes=_callback_attributes(namespace, Callback),
    )
    return dc.replace(api, deprecated=_deprecated_aliases(namespace, api))


def _instance_attributes(classes) -> dict[str, frozenset[str]]:
    """Collect ``self.<name> = ...`` targets and ``__init__`` parameters of each class and its bases."""
    found: dict[str, frozenset[str]] = {}
    for cls in classes:
        for base in cls.__mro__:
            if base.__name__ in found or not base.__module__.startswith("fastai"):
                continue
            names = set(_assigned_self_attributes(base))
            try:
                names |= set(inspect.signature(base.__init__).parameters) - {"self", "args", "kwargs"}
            except (TypeError, ValueError):
                pass
            found[base.__name__] = frozenset(names)
    return found


def _assigned_self_attributes(cls: type) -> set[str]:
    try:
        source = textwrap.dedent(inspect.getsource(cls))
    except (OSError, TypeError):
        return set()
    names = set()
    for node in ast.walk(ast.parse(source)):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        for target in targets:
            elements = target.elts if isinstance(target, ast.Tuple) else [target]
            for element in elements:
                if isinstance(element, ast.Attribute) and isinstance(element.value, ast.Name) and element.value.id == "self":
                    names.add(element.attr)
    return names


def _callback_attributes(namespace: Mapping[str, object], callback: type) -> dict[str, type]:
    """Map the attribute name under which a ``Learner`` stores each exported callback to its class."""
    from fastcore.basics import camel2snake

    found = {}
    for value in namespace.values():
        if inspect.isclass(value) and issubclass(value, callback) and value is not callback:
            # The rule of fastai's ``Callback.name`` (``class2attr``).
            attribute = camel2snake(re.sub(r"Callback$", "", value.__name__) or "callback")
            found.setdefault(attribute, value)
    return found


def _deprecated_aliases(namespace: Mapping[str, object], api: FastaiApi) -> dict[str, str]:
    """Map each fastai function documented as deprecated to the name its warning points to.

    The function is called without arguments to capture its warning. A
    deprecated alias warns before it forwards the call, and the call then
    fails for the missing arguments.
    """
    # NOTE: a deprecated function that does work before it warns would run
    # here. In fastai 2.8.12 the only ones are cnn_learner and create_cnn_model.
    aliases = {}
    for name, value in namespace.items():
        if not inspect.isfunction(value) or not value.__module__.startswith("fastai"):
            continue
        doc = inspect.getdoc(value) or ""
        if "deprecated" not in doc.lower():
            continue
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                value()
            except Exception:  # noqa: BLE001 - only the warning matters here
                pass
        texts = [str(warning.message) for warning in caught] + [doc]
        for text in texts:
            current = next(
                (found for found in _BACKTICKED_RE.findall(text) if found != name and api.resolves(found)),
                None,
            )
            if current is not None:
                aliases[name] = current
                break
    return aliases


def signature_default(target: str) -> str:
    """Return ``repr`` of a parameter default named ``module.callable:parameter``.

    Raises ``LookupError`` naming what was not found.
    """
    qualified, _, parameter = target.partition(":")
    module_name, _, attribute = qualified.rpartition(".")
    if not module_name or not parameter:
        raise LookupError(f"'{target}'는 'module.function:parameter' 형식이 아닙니다")
    try:
        function = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError) as exc:
        raise LookupError(f"{qualified}를 찾지 못했습니다 ({exc})") from exc

    try:
        parameters = inspect.signature(function).parameters
    except (TypeError, ValueError) as exc:
        # fastai's @patch returns None, so a patched method's module attribute
        # is not callable; name the class instead (module.Class.method).
        raise LookupError(f"{qualified}의 시그니처를 읽지 못했습니다 ({exc})") from exc
    if parameter not in parameters:
        raise LookupError(f"{qualified}에 매개변수 {parameter}가 없습니다")
    default = parameters[parameter].default
    if default is inspect.Parameter.empty:
        return "(기본값 없음)"
    if callable(default) and hasattr(default, "__name__"):
        return default.__name__
    return repr(default)
