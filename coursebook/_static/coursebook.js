/* Interactive course widgets for the built book pages.
 *
 * The HTML already works without this script: options, hints and solutions
 * are <details> toggles and every slide is in the page. This script only
 * enhances that markup, so each widget starts from what the server rendered
 * and a failure in one widget leaves the others and the plain page usable.
 * It loads nothing from another host.
 */
(function () {
  "use strict";

  var TEXT = {
    correct: "정답입니다!",
    wrong: "오답입니다. 다시 생각해 보세요.",
    choiceGroup: "선택지",
    done: "완료로 표시",
    progress: function (done, total) { return "완료한 실습 " + done + "/" + total; },
    progressReset: "진행 기록 지우기",
    progressResetConfirm: "이 장의 완료 기록을 모두 지울까요?",
    storageUnavailable: "이 브라우저에서는 진행 기록을 저장할 수 없어 새로 고치면 사라집니다.",
    doneMark: "완료",
    previous: "이전",
    next: "다음",
    fullscreen: "전체 화면",
    exitFullscreen: "전체 화면 끝내기",
    slideCounter: function (index, total) { return index + "/" + total; },
    slideLabel: function (index, total) { return "슬라이드 " + index + "/" + total; },
    copy: "복사",
    copied: "복사했습니다",
    copyFailed: "복사하지 못했습니다",
    copyLabel: "코드 복사",
    check: "정답 확인",
    blankLabel: function (number) { return number + "번째 빈칸"; },
    blanksRight: "정답입니다! 실행 결과를 펼쳤습니다.",
    blankWrong: function (number) { return number + "번째 빈칸이 틀렸습니다."; },
    blankEmpty: function (number) { return number + "번째 빈칸이 비어 있습니다."; },
    blanksFree: "이 빈칸은 답이 여러 가지일 수 있어 채점하지 않습니다. 내 코드와 정답 코드를 비교해 보세요.",
    blanksFreeRest: "나머지 빈칸은 맞았습니다. 아래에서 내 코드와 정답 코드를 비교해 보세요.",
    myCode: "내 코드",
    solutionCode: "정답 코드"
  };

  function each(root, selector, callback) {
    Array.prototype.forEach.call(root.querySelectorAll(selector), callback);
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function button(className, text) {
    var node = element("button", className, text);
    node.type = "button";
    return node;
  }

  /* Run one widget's setup so that an error in it is reported once and
   * does not stop the other widgets. */
  function guarded(name, setup) {
    try {
      setup();
    } catch (error) {
      if (window.console) console.warn("coursebook: " + name + " widget disabled:", error);
    }
  }

  /* ---- Storage: private mode and blocked storage throw on access. ---- */

  var storage = (function () {
    var store = null;
    try {
      store = window.localStorage;
      var probe = "coursebook-probe";
      store.setItem(probe, probe);
      store.removeItem(probe);
    } catch (error) {
      store = null;
    }
    return {
      available: store !== null,
      read: function (key) {
        if (!store) return null;
        try { return store.getItem(key); } catch (error) { return null; }
      },
      write: function (key, value) {
        if (!store) return false;
        try { store.setItem(key, value); return true; } catch (error) { return false; }
      },
      remove: function (key) {
        if (!store) return;
        try { store.removeItem(key); } catch (error) { /* nothing stored to lose */ }
      }
    };
  })();

  /* ---- Multiple choice ---- */

  function setupChoice(choice) {
    var list = choice.querySelector(".cb-options");
    var options = Array.prototype.slice.call(list.querySelectorAll(":scope > .cb-opt"));
    if (!options.length) return;

    var result = element("div", "cb-choice-result");
    result.setAttribute("role", "status");
    result.setAttribute("aria-live", "polite");

    list.setAttribute("role", "radiogroup");
    list.setAttribute("aria-label", choice.getAttribute("aria-label") || TEXT.choiceGroup);
    choice.removeAttribute("role");
    choice.classList.add("cb-choice-js");

    options.forEach(function (option, index) {
      var toggle = option.querySelector(".cb-opt-toggle");
      var summary = toggle.querySelector("summary");
      var label = element("span", "cb-opt-label");
      while (summary.firstChild) label.appendChild(summary.firstChild);
      toggle.hidden = true;
      option.insertBefore(label, toggle);

      option.setAttribute("role", "radio");
      option.setAttribute("aria-checked", "false");
      option.tabIndex = index === 0 ? 0 : -1;
      option.addEventListener("click", function () { answer(option); });
      option.addEventListener("keydown", function (event) { onKey(event, index); });
    });
    list.parentNode.insertBefore(result, list.nextSibling);

    function focusOption(index) {
      var target = options[(index + options.length) % options.length];
      options.forEach(function (option) { option.tabIndex = option === target ? 0 : -1; });
      target.focus();
    }

    // Arrow keys move the focus without choosing, unlike a form's radio
    // group, because choosing on every arrow press would spend the learner's tries.
    function onKey(event, index) {
      switch (event.key) {
        case "ArrowDown":
        case "ArrowRight":
          focusOption(index + 1);
          break;
        case "ArrowUp":
        case "ArrowLeft":
          focusOption(index - 1);
          break;
        case "Home":
          focusOption(0);
          break;
        case "End":
          focusOption(options.length - 1);
          break;
        case "Enter":
        case " ":
          answer(options[index]);
          break;
        default:
          return;
      }
      event.preventDefault();
    }

    function answer(chosen) {
      var correct = chosen.getAttribute("data-correct") === "true";
      options.forEach(function (option) {
        var isChosen = option === chosen;
        option.setAttribute("aria-checked", isChosen ? "true" : "false");
        option.tabIndex = isChosen ? 0 : -1;
        option.classList.toggle("cb-opt-chosen-correct", isChosen && correct);
        option.classList.toggle("cb-opt-chosen-wrong", isChosen && !correct);
      });
      // The option's own feedback, rendered at build time with its verdict.
      var feedback = chosen.querySelector(".cb-feedback").cloneNode(true);
      result.replaceChildren(feedback);
      choice.classList.toggle("cb-choice-solved", correct);
    }
  }

  /* ---- Progress per chapter ---- */

  function setupProgress() {
    var exercises = Array.prototype.slice.call(document.querySelectorAll("section.cb-exercise[id]"));
    var title = document.querySelector("main .bd-article h1") || document.querySelector("main h1");
    if (!exercises.length || !title) return;

    var key = "coursebook-progress:" + window.location.pathname;
    var done = loadDone();

    var bar = element("div", "cb-progress");
    var count = element("span", "cb-progress-count");
    count.setAttribute("aria-live", "polite");
    var reset = button("cb-progress-reset", TEXT.progressReset);
    bar.appendChild(count);
    bar.appendChild(reset);
    if (!storage.available) bar.appendChild(element("span", "cb-progress-notice", TEXT.storageUnavailable));
    title.parentNode.insertBefore(bar, title.nextSibling);

    var boxes = {};
    exercises.forEach(function (section) {
      var id = section.id;
      var label = element("label", "cb-done");
      var box = element("input");
      box.type = "checkbox";
      box.checked = done.indexOf(id) !== -1;
      box.addEventListener("change", function () {
        done = done.filter(function (other) { return other !== id; });
        if (box.checked) done.push(id);
        storage.write(key, JSON.stringify(done));
        render();
      });
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + TEXT.done));
      boxes[id] = box;
      var heading = section.querySelector("h2, h3");
      if (heading) heading.parentNode.insertBefore(label, heading.nextSibling);
      else section.insertBefore(label, section.firstChild);
    });

    reset.addEventListener("click", function () {
      if (!window.confirm(TEXT.progressResetConfirm)) return;
      done = [];
      storage.remove(key);
      Object.keys(boxes).forEach(function (id) { boxes[id].checked = false; });
      render();
    });

    function loadDone() {
      var stored = storage.read(key);
      if (!stored) return [];
      try {
        var parsed = JSON.parse(stored);
        return Array.isArray(parsed) ? parsed.filter(function (id) { return typeof id === "string"; }) : [];
      } catch (error) {
        return [];
      }
    }

    function render() {
      var finished = exercises.filter(function (section) { return done.indexOf(section.id) !== -1; });
      count.textContent = TEXT.progress(finished.length, exercises.length);
      reset.disabled = finished.length === 0;
      exercises.forEach(function (section) {
        var isDone = done.indexOf(section.id) !== -1;
        section.classList.toggle("cb-exercise-done", isDone);
        // Table-of-contents links only: the heading's own "#" link stays as is.
        each(document, 'a.nav-link[href="#' + section.id + '"]', function (link) {
          link.classList.toggle("cb-toc-done", isDone);
          var mark = link.querySelector(".cb-toc-mark");
          if (isDone && !mark) {
            mark = element("span", "cb-toc-mark", "✓");
            mark.setAttribute("aria-label", TEXT.doneMark);
            link.insertBefore(mark, link.firstChild);
          } else if (!isDone && mark) {
            mark.remove();
          }
        });
      });
    }

    render();
  }

  /* ---- Slides ---- */

  function setupSlides(deck) {
    var slides = Array.prototype.slice.call(deck.querySelectorAll(":scope > .cb-slide"));
    if (slides.length < 2) return;
    var current = 0;

    var controls = element("div", "cb-slide-controls");
    var previous = button("cb-slide-prev", TEXT.previous);
    var counter = element("span", "cb-slide-counter");
    counter.setAttribute("aria-live", "polite");
    var next = button("cb-slide-next", TEXT.next);
    var fullscreen = button("cb-slide-fullscreen", TEXT.fullscreen);
    controls.appendChild(previous);
    controls.appendChild(counter);
    controls.appendChild(next);
    if (deck.requestFullscreen) controls.appendChild(fullscreen);
    deck.appendChild(controls);

    deck.classList.add("cb-slides-js");
    deck.tabIndex = 0;

    previous.addEventListener("click", function () { show(current - 1); });
    next.addEventListener("click", function () { show(current + 1); });
    deck.addEventListener("keydown", function (event) {
      if (event.target.closest("input, textarea, select, summary")) return;
      if (event.key === "ArrowLeft") show(current - 1);
      else if (event.key === "ArrowRight") show(current + 1);
      else return;
      event.preventDefault();
    });
    fullscreen.addEventListener("click", function () {
      if (document.fullscreenElement === deck) {
        document.exitFullscreen();
      } else {
        var request = deck.requestFullscreen();
        if (request && request.catch) request.catch(function () { /* the browser refused; stay inline */ });
      }
    });
    document.addEventListener("fullscreenchange", function () {
      fullscreen.textContent = document.fullscreenElement === deck ? TEXT.exitFullscreen : TEXT.fullscreen;
    });

    function show(index) {
      current = Math.max(0, Math.min(slides.length - 1, index));
      slides.forEach(function (slide, position) {
        slide.classList.toggle("cb-slide-current", position === current);
        slide.setAttribute("aria-hidden", position === current ? "false" : "true");
      });
      counter.textContent = TEXT.slideCounter(current + 1, slides.length);
      counter.setAttribute("aria-label", TEXT.slideLabel(current + 1, slides.length));
      previous.disabled = current === 0;
      next.disabled = current === slides.length - 1;
    }

    show(0);
  }

  /* ---- Copy buttons ---- */

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return copyWithSelection(text); });
    }
    return copyWithSelection(text);
  }

  // Fallback for pages served over plain http from another host, where the
  // Clipboard API is not available.
  function copyWithSelection(text) {
    return new Promise(function (resolve, reject) {
      var area = element("textarea", "cb-copy-buffer");
      area.value = text;
      area.setAttribute("readonly", "");
      document.body.appendChild(area);
      area.select();
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
      area.remove();
      if (copied) resolve(); else reject(new Error("copy command failed"));
    });
  }

  function addCopyButton(container, textOf) {
    var pre = container.querySelector("pre");
    if (!pre) return;
    var copy = button("cb-copy", TEXT.copy);
    copy.setAttribute("aria-label", TEXT.copyLabel);
    var timer = null;
    copy.addEventListener("click", function () {
      copyText(textOf(pre)).then(function () {
        copy.textContent = TEXT.copied;
      }, function () {
        copy.textContent = TEXT.copyFailed;
      }).then(function () {
        clearTimeout(timer);
        timer = setTimeout(function () { copy.textContent = TEXT.copy; }, 2000);
      });
    });
    container.classList.add("cb-has-copy");
    container.insertBefore(copy, container.firstChild);
  }

  /* Return the code of a <pre>, with each blank's input as its fill or ___. */
  function codeText(pre) {
    var text = "";
    pre.childNodes.forEach(function walk(node) {
      if (node.nodeType === Node.TEXT_NODE) {
        text += node.textContent;
      } else if (node.matches && node.matches("input.cb-blank, textarea.cb-blank")) {
        text += node.value.trim() || "___";
      } else if (node.matches && node.matches("button")) {
        return;
      } else {
        node.childNodes.forEach(walk);
      }
    });
    return text;
  }

  /* ---- Fill in the blanks ---- */

  /* Normalize a fill so that equivalent spellings compare equal: quotes are
   * unified to ', whitespace outside strings is kept only between two word
   * characters, and a trailing comma is dropped. */
  function normalizeFill(source) {
    var out = "";
    var pendingSpace = false;
    var index = 0;
    source = source.trim();
    while (index < source.length) {
      var char = source[index];
      if (char === "'" || char === '"') {
        var end = index + 1;
        var body = "";
        while (end < source.length && source[end] !== char) {
          if (source[end] === "\\" && end + 1 < source.length) {
            body += source[end] + source[end + 1];
            end += 2;
          } else {
            body += source[end];
            end += 1;
          }
        }
        if (pendingSpace && /\w$/.test(out)) out += " ";
        pendingSpace = false;
        // A ' inside a "..." string keeps its meaning only when escaped.
        out += "'" + (char === '"' ? body.replace(/(^|[^\\])'/g, "$1\\'") : body) + "'";
        index = end + 1;
        continue;
      }
      if (/\s/.test(char)) {
        pendingSpace = true;
      } else {
        if (pendingSpace && /\w$/.test(out) && /\w/.test(char)) out += " ";
        pendingSpace = false;
        out += char;
      }
      index += 1;
    }
    return out.replace(/,$/, "");
  }

  function setupBlanks(block) {
    var blanks = JSON.parse(block.getAttribute("data-blanks"));
    var code = block.querySelector(".cb-exercise-code");
    var pre = code && code.querySelector("pre");
    if (!pre || !blanks.length) return;

    // Pygments wraps each ___ name token in its own span. A ___ inside a
    // string or comment stays in a bigger span and is not a blank.
    var spots = Array.prototype.filter.call(pre.querySelectorAll("span"), function (span) {
      return span.textContent === "___" && !span.children.length;
    });
    if (spots.length !== blanks.length) {
      if (window.console) console.warn("coursebook: code block " + block.getAttribute("data-codeblock") +
        " shows " + spots.length + " blanks but has " + blanks.length + " answers");
      return;
    }

    var inputs = spots.map(function (spot, index) {
      var input;
      if (blanks[index].kind === "free") {
        input = element("textarea", "cb-blank cb-blank-free");
        input.rows = Math.max(2, blanks[index].expected.split("\n").length);
      } else {
        input = element("input", "cb-blank");
        input.type = "text";
        input.autocomplete = "off";
        input.spellcheck = false;
        input.setAttribute("autocapitalize", "off");
      }
      input.setAttribute("aria-label", TEXT.blankLabel(index + 1));
      input.placeholder = "___";
      input.addEventListener("input", function () { fitWidth(input); });
      fitWidth(input);
      spot.replaceWith(input);
      return input;
    });

    var actions = element("div", "cb-blank-actions");
    var check = button("cb-blank-check", TEXT.check);
    var result = element("div", "cb-blank-result");
    result.setAttribute("role", "status");
    result.setAttribute("aria-live", "polite");
    actions.appendChild(check);
    actions.appendChild(result);
    code.parentNode.insertBefore(actions, code.nextSibling);

    check.addEventListener("click", function () {
      inputs.forEach(function (input) { input.classList.remove("cb-blank-wrong"); });
      var free = [];
      for (var index = 0; index < blanks.length; index += 1) {
        if (blanks[index].kind === "free") {
          free.push(index);
          continue;
        }
        var value = inputs[index].value;
        if (!value.trim()) return fail(index, TEXT.blankEmpty(index + 1));
        if (normalizeFill(value) !== normalizeFill(blanks[index].expected)) {
          return fail(index, TEXT.blankWrong(index + 1));
        }
      }
      if (free.length) return compare(free, free.length < blanks.length);

      result.className = "cb-blank-result cb-blank-result-right";
      result.textContent = TEXT.blanksRight;
      var solution = block.querySelector("details.cb-solution");
      if (solution) solution.open = true;
    });

    function fail(index, message) {
      inputs[index].classList.add("cb-blank-wrong");
      result.className = "cb-blank-result cb-blank-result-wrong";
      result.textContent = message;
      inputs[index].focus();
    }

    function compare(indexes, othersRight) {
      result.className = "cb-blank-result cb-blank-result-free";
      result.replaceChildren(element("p", "", othersRight ? TEXT.blanksFreeRest : TEXT.blanksFree));
      indexes.forEach(function (index) {
        var pair = element("div", "cb-blank-compare");
        var mine = element("figure");
        mine.appendChild(element("figcaption", "", TEXT.blankLabel(index + 1) + " · " + TEXT.myCode));
        mine.appendChild(element("pre", "", inputs[index].value || "___"));
        var theirs = element("figure");
        theirs.appendChild(element("figcaption", "", TEXT.blankLabel(index + 1) + " · " + TEXT.solutionCode));
        theirs.appendChild(element("pre", "", blanks[index].expected));
        pair.appendChild(mine);
        pair.appendChild(theirs);
        result.appendChild(pair);
      });
    }
  }

  function fitWidth(input) {
    if (input.tagName === "TEXTAREA") return;
    input.style.width = Math.max(4, input.value.length + 2) + "ch";
  }

  /* ---- Start ---- */

  function start() {
    each(document, ".cb-choice", function (choice) { guarded("choice", function () { setupChoice(choice); }); });
    each(document, ".cb-codeblock[data-blanks]", function (block) {
      guarded("blanks", function () { setupBlanks(block); });
    });
    each(document, ".cb-codeblock .cb-exercise-code", function (code) {
      guarded("copy", function () { addCopyButton(code, codeText); });
    });
    each(document, ".cb-codeblock .cb-solution .cell_input", function (cell) {
      guarded("copy", function () { addCopyButton(cell, codeText); });
    });
    each(document, ".cb-slides", function (deck) { guarded("slides", function () { setupSlides(deck); }); });
    guarded("progress", setupProgress);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();

  // Exposed for tests of the fill comparison only.
  window.coursebookNormalizeFill = normalizeFill;
})();
