/* Scorer for Sphinx's search page (html_search_scorer).
 *
 * The weights are Sphinx 9's defaults. score() also relabels the results
 * that coursebook's section index entries produce: Sphinx shows such a
 * result under its page title, and here it gets "page title > section title",
 * looked up in the index's section titles by page and anchor.
 */
var Scorer = {
  _sectionTitles: null,

  _sectionTitle: (docname, anchor) => {
    if (Scorer._sectionTitles === null) {
      Scorer._sectionTitles = new Map();
      const index = Search._index;
      for (const [title, places] of Object.entries(index.alltitles)) {
        for (const [file, id] of places) {
          Scorer._sectionTitles.set(`${index.docnames[file]}#${id}`, title);
        }
      }
    }
    return Scorer._sectionTitles.get(`${docname}${anchor}`);
  },

  score: (result) => {
    const [docname, title, anchor, descr, score, filename, kind] = result;
    if (kind === "index" && anchor) {
      const sectionTitle = Scorer._sectionTitle(docname, anchor);
      if (sectionTitle && sectionTitle !== title && !title.includes(" > ")) {
        result[1] = `${title} > ${sectionTitle}`;
      }
    }
    return score;
  },

  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: {
    0: 15,
    1: 5,
    2: -5,
  },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,
};
