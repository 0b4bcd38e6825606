"""The extension's configuration values, declared once."""

from __future__ import annotations

import dataclasses as dc
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.errors import ConfigError

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


@dc.dataclass(frozen=True)
class CoursebookConfig:
    """Values read from ``conf.py``; paths are relative to the folder of ``conf.py``."""

    chapters_dir: str = dc.field(default="book/chapters", metadata={"help": "folder of the chapter files"})
    snippets_dir: str = dc.field(default="snippets", metadata={"help": "folder of the jupytext snippet scripts"})
    slides_dir: str = dc.field(default="book/slides", metadata={"help": "folder of the slide decks"})
    cache_dir: str = dc.field(
        default="_build/cache", metadata={"help": "where data and weights are provisioned (FASTAI_HOME, TORCH_HOME)"}
    )
    data_dir: str = dc.field(
        default="", metadata={"help": "local copy of the datasets; empty reads COURSEBOOK_DATA_DIR"}
    )
    download: bool = dc.field(default=True, metadata={"help": "try the public URLs when no local copy exists"})
    provision: bool = dc.field(
        default=True, metadata={"help": "provision data and weights before execution; off for books that use none"}
    )
    lock_timeout: int = dc.field(
        default=3600,
        metadata={"help": "seconds a build waits while another build holds the build folder; 0 stops at once"},
    )
    execution_workers: int = dc.field(
        default=0,
        metadata={
            "help": (
                "kernels that execute code blocks at once, and threads that encode their images; 0 starts one "
                "per CPU core, as many as memory allows at 2 GiB each"
            ),
            # Outputs do not depend on it, so changing it re-reads no page.
            "rebuild": "",
        },
    )
    api_check: bool = dc.field(
        default=True, metadata={"help": "check fastai names in code spans against the installed fastai"}
    )
    # The build writes each code block's notebook to notebooks/<id>.ipynb in
    # the HTML output. Colab opens notebooks from GitHub only, so the link is
    # https://colab.research.google.com/github/<repository>/blob/<branch>/<path>/<id>.ipynb
    # and works once that output folder is published there (for example the
    # HTML output pushed to a gh-pages branch, with colab_path "notebooks").
    colab_repository: str = dc.field(
        default="", metadata={"help": "public GitHub repository OWNER/REPO for the Colab links; empty shows no link"}
    )
    colab_branch: str = dc.field(default="main", metadata={"help": "branch of colab_repository that holds the notebooks"})
    colab_path: str = dc.field(
        default="notebooks", metadata={"help": "folder in colab_repository that holds the <id>.ipynb notebooks"}
    )
    # 756 is the widest code cell output area of sphinx-book-theme 1.4 in
    # Chromium, reached at viewports of 1440 px and wider.
    image_max_width: int = dc.field(
        default=756,
        metadata={"help": "widest CSS width in px that a cell's image output is shown at; images keep up to twice it"},
    )


_REPOSITORY_RE = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")


def _config_name(field: dc.Field) -> str:
    return f"coursebook_{field.name}"


def register(app: Sphinx) -> None:
    for field in dc.fields(CoursebookConfig):
        rebuild = field.metadata.get("rebuild", "env")
        app.add_config_value(_config_name(field), field.default, rebuild, types=(type(field.default),))
    app.connect("config-inited", validate)


def validate(app: Sphinx, config: Config) -> None:
    for field in dc.fields(CoursebookConfig):
        value = config[_config_name(field)]
        if not isinstance(value, type(field.default)):
            raise ConfigError(
                f"conf.py의 {_config_name(field)} 값 {value!r}의 형식이 틀렸습니다. "
                f"{type(field.default).__name__} 값을 쓰세요 ({field.metadata['help']})."
            )
    repository = config["coursebook_colab_repository"]
    if repository and not _REPOSITORY_RE.match(repository):
        raise ConfigError(
            f"conf.py의 coursebook_colab_repository 값 {repository!r}이 올바르지 않습니다. "
            "'OWNER/REPO' 형식의 GitHub 저장소 이름을 쓰거나, Colab 링크가 필요 없으면 빈 문자열로 두세요."
        )
    max_width = config["coursebook_image_max_width"]
    if max_width < 1:
        raise ConfigError(
            f"conf.py의 coursebook_image_max_width 값 {max_width!r}이 올바르지 않습니다. "
            "코드 출력 이미지가 보이는 최대 너비를 1 이상의 픽셀 수로 쓰세요."
        )


def get_config(app: Sphinx) -> CoursebookConfig:
    """Return the extension's configuration from ``app.config``."""
    values: dict[str, Any] = {f.name: app.config[_config_name(f)] for f in dc.fields(CoursebookConfig)}
    return CoursebookConfig(**values)


def resolve(app: Sphinx, relative: str) -> Path:
    """Resolve a configured path against the folder of ``conf.py``."""
    return (Path(app.confdir) / relative).resolve()
