"""The source and its checks: a content file becomes a typed model or diagnostics.

load reads a file with its source positions (within the YAML limits of yaml_limits), schema declares
every front-matter field once (checks, JSON Schema, scaffolds and the form editor all read it) and
json_schema turns those declarations into the shipped generator/schemas/*.json, validate turns the
loaded data into generator.notice.model objects, attachments checks a folder notice's files. Every
problem is a Diagnostic at file:line. May import: generator.errors, generator.paths, generator.notice,
generator.markdown."""
