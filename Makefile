# Entry points: `make book` builds the HTML book, `make test` runs the tests.
# Both install what they need into .tox/ on first use.

PYTHON ?= python3.11
TOOLS := .venv-tools
TOX := $(TOOLS)/bin/tox
RUN := $(TOX) run -e coursebook --

.PHONY: book test check bench clean help

help:
	@echo "make book   책을 빌드합니다 (결과: _build/html/index.html, 실패하면 이전 결과를 그대로 둡니다)"
	@echo "make test   테스트를 실행합니다"
	@echo "make check  장과 스니펫을 실행하지 않고 검사합니다 (ARGS로 파일을 지정할 수 있습니다)"
	@echo "make bench  빌드 시간과 페이지 무게를 잽니다"
	@echo "make clean  빌드 결과와 캐시를 지웁니다"

$(TOX):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet "tox>=4.11,<5"

# Builds with -W --keep-going into _build/staging (every authoring warning
# fails the build, and all of them are listed) and copies the pages to
# _build/html only when the build succeeded.
book: $(TOX)
	$(RUN) python -m coursebook build $(ARGS)

test: $(TOX)
	$(RUN) python -m pytest $(ARGS)

check: $(TOX)
	$(RUN) python -m coursebook check $(ARGS)

# Measure cold, no-op and one-edit builds; see benchmarks/README.md.
bench: $(TOX)
	$(RUN) python benchmarks/bench.py $(ARGS)

clean:
	rm -rf _build
