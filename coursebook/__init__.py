"""Build a Korean fastai course, written in the spaCy course-chapter format, as an executed Sphinx book."""

__version__ = "0.1.0"
