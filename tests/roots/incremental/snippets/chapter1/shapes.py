"""Helper module that solution_01_02.py imports from the snippets folder."""


def area(width, height):
    return width * height
