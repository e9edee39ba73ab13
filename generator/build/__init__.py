"""The build machinery: what runs the stages, in parallel, incrementally, and writes the result.

pipeline is the recipe (load → validate → assemble → render → write) and inputs what it starts from;
heads is its first step (which notice files to read again); process loads and renders one notice in a
worker; pool forks the workers; plan lists the site-wide jobs and their keys; cache keeps what the
last build made; quick answers "nothing changed" without loading anything; write stages files and
swaps them into output/ atomically; search builds the index; progress_display shows a build's
progress. May import every package above; commands may import this one."""
