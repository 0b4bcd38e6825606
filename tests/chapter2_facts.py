"""Facts about book/chapters/chapter2.md that several test modules check."""

# Each code block id with the line of its <codeblock> tag.
CHAPTER2_CODEBLOCKS = [
    ("02_01", 24),
    ("02_02", 47),
    ("02_03", 59),
    ("02_04", 81),
    ("02_05", 87),
    ("02_06", 109),
    ("02_07", 138),
    ("02_08", 150),
    ("02_09", 164),
    ("02_10", 169),
    ("02_11", 179),
    ("02_12", 184),
    ("02_13", 218),
]
