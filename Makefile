# Entry points: `make book` builds the HTML book, `make test` runs the tests.
# Both install what they need into .tox/ on first use.

PYTHON ?= python3.11
TOOLS := .venv-tools
TOX := $(TOOLS)/bin/tox

.PHONY: book test check clean help

help:
	@echo "make book   책을 빌드합니다 (결과: _build/html/index.html)"
	@echo "make test   테스트를 실행합니다"
	@echo "make check  장과 스니펫을 실행하지 않고 검사합니다 (ARGS로 파일을 지정할 수 있습니다)"
	@echo "make clean  빌드 결과와 캐시를 지웁니다"

$(TOX):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet "tox>=4.11,<5"

book: $(TOX)
	$(TOX) run -e book -- $(ARGS)

test: $(TOX)
	$(TOX) run -e test -- $(ARGS)

check: $(TOX)
	$(TOX) run -e check -- $(ARGS)

clean:
	rm -rf _build
