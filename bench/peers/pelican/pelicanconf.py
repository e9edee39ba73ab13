# A minimal Pelican site over the benchmark corpus (made with make_corpus.py --peers): one page per
# notice and one index page, nothing else. The notices keep their `---` YAML front matter, read by
# the pelican-yaml-metadata plugin (found automatically because PLUGINS is not set).
SITENAME = "Bench"
SITEURL = ""
PATH = "content"
ARTICLE_PATHS = ["notices"]
PAGE_PATHS = []
STATIC_PATHS = []
THEME = "theme"
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh"
DEFAULT_CATEGORY = "notices"
SLUGIFY_SOURCE = "basename"
ARTICLE_URL = "notices/{slug}/"
ARTICLE_SAVE_AS = "notices/{slug}/index.html"
DEFAULT_PAGINATION = False
DIRECT_TEMPLATES = ["index"]
TAG_SAVE_AS = CATEGORY_SAVE_AS = AUTHOR_SAVE_AS = ""
TAGS_SAVE_AS = CATEGORIES_SAVE_AS = AUTHORS_SAVE_AS = ARCHIVES_SAVE_AS = ""
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
MARKDOWN = {
    "extension_configs": {"markdown.extensions.extra": {}},
    "output_format": "html5",
}
