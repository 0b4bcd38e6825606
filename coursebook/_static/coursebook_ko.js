/* Korean search-page strings that Sphinx 9's Korean catalog leaves empty.
 *
 * Sphinx's ko translations.js has an empty plural entry for the summary line
 * of the search page, so the page showed no summary at all. This file loads
 * after translations.js and adds the missing entries.
 */
if (typeof Documentation !== "undefined" && Documentation.LOCALE === "ko") {
  Documentation.addTranslations({
    locale: "ko",
    plural_expr: "0",
    messages: {
      "Search finished, found one page matching the search query.": [
        "검색을 마쳤습니다. 검색어와 맞는 결과를 ${resultCount}개 찾았습니다.",
      ],
    },
  });
}
