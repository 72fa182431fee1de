"""scorm_build: compiles the curriculum, modules and quizzes into learning packages.

The pipeline (see docs/ARCHITECTURE.md): load -> check -> model -> render -> package.
"""

__version__ = "0.1.0"
