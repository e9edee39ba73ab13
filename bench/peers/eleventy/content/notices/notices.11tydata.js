export default {
  layout: "notice.njk",
  tags: ["notices"],
  permalink: (data) => `/notices/${data.page.fileSlug}/index.html`,
};
