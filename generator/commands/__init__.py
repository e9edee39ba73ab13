"""The commands editors and CI run: cli (the `gongshi` command and its sub-commands), serve (the
live preview) and serve_guard (the requests it answers), scaffold_notice and scaffold_site (`gongshi
new`, `gongshi init`), importer and word (`gongshi import` of plain text and .docx), cms and cms_config
(`gongshi cms`: the browser editor in admin/).

The top of the import graph: may import every package; nothing imports it but generator.__main__."""
