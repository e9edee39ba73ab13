// A minimal Eleventy site over the benchmark corpus (make_corpus.py --peers): one page per notice and
// the list page, nothing else, like bench/peers/hugo. Built with `npx @11ty/eleventy --quiet`.
export default function (config) {
  return { dir: { input: "content", includes: "../_includes", output: "_site" }, markdownTemplateEngine: false };
}
