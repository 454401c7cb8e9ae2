"""Clean: label every raw line of a page (body, title, metadata, boilerplate with a reason).

`cleaner` drives the passes; `rules` and `lexicon` hold the line signals, `region` finds the
article's region, `title` picks the headline and metadata lines, `assemble` builds the body and
paragraphs, `sitestats` recognises lines that recur across a site's documents.
"""
