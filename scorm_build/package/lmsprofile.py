"""What an LMS can and cannot do, as data a target reads (ARCHITECTURE: targets read capabilities).

Each profile states what the manifest may contain and how the runtime must end a session there.
The manifest writer (manifest.py) asks a profile what to emit; the import lint (lint.py) checks a
finished manifest against the same profile, so a package that the LMS would refuse or misread is a
located build error instead of a surprise on upload.

The Moodle facts below were read in Moodle 4.3's mod/scorm (docs/beheerdershandleiding.md cites them).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LmsProfile:
    """The capabilities of one LMS family, as the build needs them."""

    id: str
    title: str
    # SCORM 2004 <imsss:mapInfo> (global objectives). Moodle 4.3's parser fails on it
    # (scormlib.php assigns ->mapinfos to an undefined variable) and cannot store targets anyway.
    global_objectives: bool
    # SCORM 2004 <imsss:sequencingRules> evaluated on their conditions. Moodle's
    # scorm_seq_rule_check() returns a non-empty condition string for any rule, so every
    # "disabled" precondition disables its SCO in flow navigation, whatever the learner did.
    sequencing_rules: bool
    # SCORM 1.2 <adlcp:prerequisites type="aicc_script"> evaluated (Moodle: scorm_eval_prerequisites).
    prerequisites_12: bool
    # The LMS rewrites cmi.core.lesson_status from <adlcp:masteryscore> when the session ends
    # (Moodle: "Mastery score overrides status", default yes, scorm_12.js StoreData).
    mastery_overrides_status_12: bool
    # A SCORM 2004 API can be initialised again after Terminate within one player page.
    # Moodle's scorm_13.js keeps one API object per player page and never resets `Terminated`,
    # so after a SCO switch Initialize fails (error 104) unless the previous SCO did not terminate.
    reinitialise_after_terminate_2004: bool
    max_identifier: int  # longest item/resource identifier the LMS stores (Moodle: varchar 255)
    max_title: int  # longest item title the LMS stores (Moodle: varchar 255)


MOODLE = LmsProfile(
    id="moodle", title="Moodle 4.x", global_objectives=False, sequencing_rules=False, prerequisites_12=True,
    mastery_overrides_status_12=True, reinitialise_after_terminate_2004=False, max_identifier=255, max_title=255)

SEQUENCING = LmsProfile(
    id="sequencing", title="an LMS with full SCORM 2004 4th Edition sequencing (global objectives)",
    global_objectives=True, sequencing_rules=True, prerequisites_12=True, mastery_overrides_status_12=True,
    reinitialise_after_terminate_2004=True, max_identifier=4000, max_title=4000)

PROFILES = {p.id: p for p in (MOODLE, SEQUENCING)}
DEFAULT = MOODLE

# The launch parameter that tells the runtime to end a 2004 session with Commit instead of Terminate
# (only written for multi-SCO 2004 packages of a profile whose API cannot be re-initialised).
END_BY_COMMIT = "?end=commit"


def profile(profile_id: str) -> LmsProfile:
    """The profile with this id (KeyError names the known ids)."""
    try:
        return PROFILES[profile_id]
    except KeyError:
        raise KeyError(f"no LMS profile {profile_id!r} (profiles: {', '.join(sorted(PROFILES))})") from None
