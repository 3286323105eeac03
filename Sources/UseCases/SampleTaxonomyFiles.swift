/// The sample taxonomy `modelbuild init` commits into a new project: two skill leaves of
/// `samples/taxonomy/` (a test keeps them equal to those files), carried in the binary so
/// that `init` needs neither the modelbuild repository nor the network.
enum SampleTaxonomyFiles {
    /// The taxonomy's README.
    static let readme = #"""
# Taxonomy

A small taxonomy in InstructLab's format (qna.yaml version 3), made by `modelbuild init`.
Every folder that holds a qna.yaml file is a leaf.

## How to add a leaf

1. Create a folder for the leaf under compositional_skills/ (or knowledge/), named in
   lower case with underscores.
2. Add a qna.yaml file with version 3: at least 5 seed examples for a skill.
3. Add an attribution.txt file beside it that names the title, link, revision, license
   and creators of the work.
4. Commit it (here, or merge a pull request in the real taxonomy). The next
   `modelbuild build nightly` validates and builds the leaves that changed.

"""#

    /// Each leaf's path and its files (`qna.yaml`, `attribution.txt`), in the order they
    /// are committed: one commit per leaf, as merged pull requests would add them.
    static let leaves: [(path: String, files: [(name: String, text: String)])] = [
        (
            "compositional_skills/writing/release_notes",
            [
                (
                    "qna.yaml",
                    #"""
version: 3
created_by: contributor-1
task_description: >
  Summarise a list of changes to a software project into short release notes for
  its users: lead with what users will notice, group related changes, call out
  breaking changes and security fixes with what to do about them, and leave out
  changes that users cannot see.
seed_examples:
  - question: |
      Write a short release note for version 2.3.0 from these changes:
      - fixed a crash when the configuration file is empty
      - added a --json option to the status command
      - dropped support for Python 3.8
    answer: >
      Version 2.3.0 adds a --json option to the status command and fixes a crash
      when the configuration file is empty. Support for Python 3.8 has been
      removed, so upgrade to Python 3.9 or later before installing.
  - question: |
      Summarise these merged pull requests as one line of release notes:
      #41 Add a Slurm executor
      #43 Fix cancellation of Slurm jobs
      #44 Document the Slurm partition setting
    answer: >
      Stages can now run on a Slurm cluster (#41), with job cancellation fixed
      (#43) and the partition setting documented (#44).
  - question: |
      Group these changes under the headings Added, Fixed and Removed:
      - new verify command
      - wrong timestamps in manifests
      - the deprecated --fast flag is gone
    answer: |
      Added: the verify command.
      Fixed: wrong timestamps in manifests.
      Removed: the deprecated --fast flag.
  - question: >
      Write a release note about this breaking change: the configuration key
      workers moved from the top level of builds.yaml to executor.workers.
    answer: >
      Breaking change: the workers setting now lives under executor, so move
      "workers: 4" to "executor: {workers: 4}" in builds.yaml before you upgrade.
      Configurations that still use the old key are rejected as unknown keys.
  - question: >
      Write a release note for a fix where stage logs printed API tokens in plain
      text.
    answer: >
      Security fix: API tokens are no longer written to stage logs in plain text.
      If you kept logs from earlier versions, rotate any tokens they may contain.
  - question: |
      These are the only changes since 1.2.0. Write the release note for 1.2.1.
      - refactored the scheduler internals
      - updated the test fixtures
      - fixed a typo in a code comment
    answer: >
      Version 1.2.1 contains internal refactoring and test updates only; there are
      no user-visible changes.

"""#
                ),
                (
                    "attribution.txt",
                    #"""
Title of work: modelbuild sample skill: summarising changes into release notes
Link to work: samples/taxonomy/compositional_skills/writing/release_notes/qna.yaml in the modelbuild repository
Revision: N/A (original work of the modelbuild project)
License of the work: CC-BY-4.0
Creator names: modelbuild authors

"""#
                ),
            ]
        ),
        (
            "compositional_skills/reasoning/unit_conversion",
            [
                (
                    "qna.yaml",
                    #"""
version: 3
created_by: contributor-2
task_description: >
  Convert a quantity from one unit to another and show the single calculation
  that gets there, in one or two sentences: time, data sizes in binary and
  decimal units, data rates, temperatures and distances.
seed_examples:
  - question: >
      A stage has a timeout of 1h30m. How many seconds is that?
    answer: >
      1 hour 30 minutes is 90 minutes, and 90 x 60 = 5400 seconds.
  - question: >
      How many mebibytes are there in 3 gibibytes?
    answer: >
      One gibibyte is 1024 mebibytes, so 3 gibibytes is 3 x 1024 = 3072
      mebibytes.
  - question: >
      How many bytes are in 1 GiB?
    answer: >
      1 GiB is 1024 x 1024 x 1024 = 1,073,741,824 bytes.
  - question: >
      A network link carries 100 megabits per second. How many megabytes per
      second is that?
    answer: >
      There are 8 bits in a byte, so 100 megabits per second is 100 / 8 = 12.5
      megabytes per second.
  - question: >
      Convert 25 degrees Celsius to Fahrenheit.
    answer: >
      25 x 9/5 + 32 = 77, so 25 degrees Celsius is 77 degrees Fahrenheit.
  - question: >
      How many kilometres is 10 miles?
    answer: >
      One mile is 1.609344 kilometres, so 10 miles is about 16.09 kilometres.

"""#
                ),
                (
                    "attribution.txt",
                    #"""
Title of work: modelbuild sample skill: unit conversion
Link to work: samples/taxonomy/compositional_skills/reasoning/unit_conversion/qna.yaml in the modelbuild repository
Revision: N/A (original work of the modelbuild project)
License of the work: CC-BY-4.0
Creator names: modelbuild authors

"""#
                ),
            ]
        ),
    ]
}
