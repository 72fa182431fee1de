"""Reading LMS result exports: one reader per export kind, all giving located result rows.

This part starts from LMS data, never from the build: it reads what an LMS exported (Moodle's
SCORM reports, course completion and grade exports, or any CSV with a column mapping) and turns
every row into a value that names its file and line.
"""
