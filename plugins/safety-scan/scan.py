#!/usr/bin/env python3
"""safety-scan: a modelbuild plugin stage that scans the datasets it receives for secrets
and personal data before they reach training.

It reads context.json (its path is in MODELBUILD_CONTEXT, or given with --context), scans
every file under each directory in `inputs` (JSON lines records are scanned field by
field, any other text file line by line; binary files and files over `max_file_bytes`
are skipped and listed), and writes to `output`:

  findings.json   every finding: file, line, kind, severity, field, a redacted excerpt
  findings.md     the same as a table, for people
  result.json     {"metrics": {"findings": N, "errors": E, "warnings": W},
                   "warnings": [one line per kind and file of the warnings]}

Every finding has a severity: `error` when its kind is in `fail_on` (by default secrets,
keys and card numbers), `warning` otherwise (by default e-mail addresses and phone
numbers: personal data, listed in result.json and so in the manifest and on the version
page). It prints `::metric findings=N` and exits 1 when an error is found (never when
`fail_on_findings` is false), 2 when its context is unusable. No excerpt, file or line it
writes holds a whole secret: every match is redacted.

Python 3 standard library only: plugins need nothing but their own folder.
"""

import json
import math
import os
import re
import sys

EXIT_FOUND = 1
EXIT_USAGE = 2
SCHEMA_VERSION = 1
EXCERPT_CONTEXT = 32
BINARY_PROBE_BYTES = 8192
SECRET_KINDS = ["private_key", "aws_access_key", "github_token", "slack_token", "api_key", "credit_card"]
PERSONAL_DATA_KINDS = ["email", "phone"]
KINDS = SECRET_KINDS + PERSONAL_DATA_KINDS
CARD_PREFIX = re.compile(r"^(?:4|5[1-5]|2[2-7]|3[47]|3[0689]|6)")


class UsageError(Exception):
    """The context or the params cannot be used; exit 2."""


# MARK: Detectors


def luhn_valid(digits):
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def shannon_entropy(text):
    counts = {}
    for char in text:
        counts[char] = counts.get(char, 0) + 1
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


def digit_count(text):
    return sum(char.isdigit() for char in text)


def is_card_number(text):
    digits = re.sub(r"[ -]", "", text)
    return (
        13 <= len(digits) <= 19
        and CARD_PREFIX.match(digits) is not None
        and len(set(digits)) > 1
        and luhn_valid(digits)
    )


def is_high_entropy_secret(text):
    has_letters = any(char.isalpha() for char in text)
    has_digits = any(char.isdigit() for char in text)
    return has_letters and has_digits and shannon_entropy(text) >= 3.5


def mask_keep_start(text, keep=4):
    return f"{text[:keep]}***({len(text)} chars)"


def mask_email(text):
    local, _, domain = text.partition("@")
    labels = domain.split(".")
    masked_domain = ".".join([label[:1] + "***" for label in labels[:-1]] + labels[-1:])
    return f"{local[:1]}***@{masked_domain}"


def mask_card(text):
    digits = re.sub(r"[ -]", "", text)
    return f"[card ending {digits[-4:]}]"


def mask_phone(text):
    digits = re.sub(r"\D", "", text)
    return f"[phone ending {digits[-2:]}]"


def mask_private_key(text):
    header = re.match(r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----", text)
    return (header.group(0) if header else "-----BEGIN PRIVATE KEY-----") + "[key redacted]"


class Detector:
    """One kind of finding: a pattern, an optional check of the matched text (the `group`
    of the match), and how the text is shown redacted."""

    def __init__(self, kind, pattern, redact, check=None, group=0, flags=0):
        self.kind = kind
        self.pattern = re.compile(pattern, flags)
        self.redact = redact
        self.check = check
        self.group = group


# In priority order: a span claimed by an earlier detector is not reported again by a
# later one (an AWS key in `aws_key = AKIA…` is one finding, not two).
DETECTORS = [
    Detector(
        "private_key",
        r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?:.*?-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|.*)",
        mask_private_key,
        flags=re.DOTALL,
    ),
    Detector("aws_access_key", r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b", mask_keep_start),
    Detector("github_token", r"\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b", mask_keep_start),
    Detector(
        "slack_token",
        r"\bxox[abposr]-[A-Za-z0-9-]{10,}|https://hooks\.slack\.com/services/[A-Za-z0-9/_-]+",
        mask_keep_start,
    ),
    Detector(
        "api_key",
        r"(?i)\b[a-z0-9_.-]*(?:api[_-]?key|apikey|secret|token|passw(?:or)?d|access[_-]?key)[a-z0-9_.-]*"
        r"[\"']?\s*[:=]\s*[\"']?([A-Za-z0-9_\-+/=.~]{16,})",
        mask_keep_start,
        check=is_high_entropy_secret,
        group=1,
    ),
    Detector("api_key", r"\bsk-(?:proj-)?[A-Za-z0-9_-]{20,}\b", mask_keep_start, check=is_high_entropy_secret),
    Detector("credit_card", r"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d])", mask_card, check=is_card_number),
    Detector(
        "email",
        r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}\b",
        mask_email,
    ),
    # E.164 and other international numbers: + and 8 to 15 digits, spaces, dots, dashes
    # or brackets between them.
    Detector(
        "phone",
        r"(?<![\w+])\+[1-9](?:[ .()-]{0,2}\d){7,14}(?![\d])",
        mask_phone,
        check=lambda text: 8 <= digit_count(text) <= 15,
    ),
    # North American: (555) 123-4567, 555-123-4567, 555.123.4567.
    Detector("phone", r"(?<![\w.-])(?:\([2-9]\d{2}\) ?|[2-9]\d{2}[ .-])[2-9]\d{2}[ .-]\d{4}(?![\w-])", mask_phone),
    # European national shapes: 030 1234 5678, 020 7946 0958, 06 12 34 56 78, 06.12.34.56.78.
    Detector(
        "phone",
        r"(?<![\w.-])(?:0\d{1,4}(?:[ /-]\d{2,4}){2,4}|0[1-9](?:\.\d{2}){4})(?![\w-])",
        mask_phone,
        check=lambda text: 9 <= digit_count(text) <= 12,
    ),
]


# MARK: Scanning


class Allowlist:
    """Entries are regular expressions searched for in the matched text; an entry that is
    not a valid regular expression is matched as plain text."""

    def __init__(self, entries):
        self.patterns = []
        self.literals = []
        for entry in entries:
            try:
                self.patterns.append(re.compile(entry))
            except re.error:
                self.literals.append(entry)

    def allows(self, text):
        return any(p.search(text) for p in self.patterns) or any(lit in text for lit in self.literals)


def find_hits(text, allowlist):
    """(kind, start, end, redacted) for every finding in `text`, in order of position."""
    claimed = []
    hits = []
    for detector in DETECTORS:
        for match in detector.pattern.finditer(text):
            start, end = match.span(detector.group)
            if any(start < other_end and other_start < end for other_start, other_end in claimed):
                continue
            matched = match.group(detector.group)
            if detector.check is not None and not detector.check(matched):
                continue
            claimed.append((start, end))
            if allowlist.allows(matched):
                continue
            hits.append((detector.kind, start, end, detector.redact(matched)))
    return sorted(hits, key=lambda hit: hit[1])


def excerpt(text, hits, target):
    """The text around hit number `target`, every hit in it redacted, on one line."""
    pieces = []
    position = 0
    target_start = target_end = 0
    for index, (_, start, end, redacted) in enumerate(hits):
        pieces.append(text[position:start])
        offset = sum(len(piece) for piece in pieces)
        if index == target:
            target_start, target_end = offset, offset + len(redacted)
        pieces.append(redacted)
        position = end
    pieces.append(text[position:])
    redacted_text = "".join(pieces)
    start = max(0, target_start - EXCERPT_CONTEXT)
    end = min(len(redacted_text), target_end + EXCERPT_CONTEXT)
    shown = re.sub(r"\s+", " ", redacted_text[start:end])
    return ("…" if start > 0 else "") + shown + ("…" if end < len(redacted_text) else "")


def string_fields(value, path=""):
    """(field path, text) for every string in a decoded JSON value."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from string_fields(item, f"{path}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from string_fields(item, f"{path}.{key}" if path else str(key))


def scan_lines(text, file, allowlist):
    findings = []
    for number, line in enumerate(text.splitlines(), start=1):
        fields = [(None, line)]
        stripped = line.strip()
        if stripped.startswith(("{", "[")):
            try:
                fields = list(string_fields(json.loads(stripped)))
            except ValueError:
                pass
        for field, value in fields:
            hits = find_hits(value, allowlist)
            for index, (kind, _, _, _) in enumerate(hits):
                finding = {"file": file, "line": number, "kind": kind, "excerpt": excerpt(value, hits, index)}
                if field is not None:
                    finding["field"] = field
                findings.append(finding)
    return findings


def scan_file(path, file, allowlist, max_bytes):
    """(findings, None), or ([], why it was skipped)."""
    size = os.path.getsize(path)
    if size > max_bytes:
        return [], f"{size} bytes, over max_file_bytes ({max_bytes})"
    with open(path, "rb") as handle:
        data = handle.read()
    if b"\0" in data[:BINARY_PROBE_BYTES]:
        return [], "binary"
    return scan_lines(data.decode("utf-8", errors="replace"), file, allowlist), None


def input_files(inputs):
    """(absolute path, shown name) of every file under every input, in a stable order."""
    for name in sorted(inputs):
        root = inputs[name]
        if not os.path.isdir(root):
            raise UsageError(f"input {name}: {root} is not a directory")
        for directory, folders, files in os.walk(root):
            folders.sort()
            for file in sorted(files):
                path = os.path.join(directory, file)
                if os.path.isfile(path):
                    yield path, name + "/" + os.path.relpath(path, root)


# MARK: The stage


def read_context(argv):
    path = os.environ.get("MODELBUILD_CONTEXT")
    if len(argv) == 3 and argv[1] == "--context":
        path = argv[2]
    elif len(argv) != 1:
        raise UsageError("usage: scan.py [--context context.json] (or MODELBUILD_CONTEXT=context.json)")
    if not path:
        raise UsageError("MODELBUILD_CONTEXT is not set: this stage runs under modelbuild (or give --context)")
    try:
        with open(path, encoding="utf-8") as handle:
            context = json.load(handle)
    except (OSError, ValueError) as error:
        raise UsageError(f"cannot read the context {path}: {error}")
    if context.get("schemaVersion") != SCHEMA_VERSION:
        raise UsageError(f"{path}: schemaVersion {context.get('schemaVersion')!r}; this stage reads {SCHEMA_VERSION}")
    if not isinstance(context.get("output"), str):
        raise UsageError(f"{path}: no output directory")
    return context


def read_params(params):
    allow = params.get("allow", [])
    fail = params.get("fail_on_findings", True)
    fail_on = params.get("fail_on", SECRET_KINDS)
    if not isinstance(fail_on, list) or not all(isinstance(entry, str) for entry in fail_on):
        raise UsageError("params.fail_on must be a list of finding kinds")
    unknown = [entry for entry in fail_on if entry not in KINDS]
    if unknown:
        raise UsageError(f"params.fail_on: unknown kind {unknown[0]!r} (kinds: {', '.join(KINDS)})")
    max_bytes = params.get("max_file_bytes", 64 << 20)
    if not isinstance(allow, list) or not all(isinstance(entry, str) for entry in allow):
        raise UsageError("params.allow must be a list of strings")
    if not isinstance(fail, bool):
        raise UsageError("params.fail_on_findings must be true or false")
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 0:
        raise UsageError("params.max_file_bytes must be a whole number of bytes")
    return Allowlist(allow), set(fail_on) if fail else set(), max_bytes


def with_severities(findings, fail_on):
    """Each finding with its severity: `error` when its kind fails the build."""
    for finding in findings:
        finding["severity"] = "error" if finding["kind"] in fail_on else "warning"
    return findings


def warning_lines(findings):
    """One line per kind and file of the warnings: `generate[a/b]/train.jsonl: 3 email (lines 1, 4, 9)`."""
    grouped = {}
    for finding in findings:
        if finding["severity"] == "warning":
            grouped.setdefault((finding["file"], finding["kind"]), []).append(finding["line"])
    lines = []
    for (file, kind), numbers in sorted(grouped.items()):
        shown = ", ".join(str(number) for number in numbers[:5]) + (", …" if len(numbers) > 5 else "")
        noun = "line" if len(numbers) == 1 else "lines"
        lines.append(f"{file}: {len(numbers)} {kind} ({noun} {shown}), personal data: check it may be published")
    return lines


def markdown(findings, skipped, scanned):
    lines = ["# safety-scan findings", ""]
    noun = "finding" if len(findings) == 1 else "findings"
    lines.append(f"{len(findings)} {noun} in {scanned} files scanned.")
    if findings:
        lines += ["", "| file | line | kind | severity | field | excerpt |", "|---|---|---|---|---|---|"]
        for finding in findings:
            cells = [
                finding["file"], str(finding["line"]), finding["kind"], finding["severity"],
                finding.get("field", ""), finding["excerpt"],
            ]
            lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    if skipped:
        lines += ["", "Skipped:", ""] + [f"- {entry['file']}: {entry['reason']}" for entry in skipped]
    return "\n".join(lines) + "\n"


def write_json(path, value):
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(value, handle, indent=2, ensure_ascii=False)
        handle.write("\n")


def main(argv):
    try:
        context = read_context(argv)
        allowlist, fail_on, max_bytes = read_params(context.get("params") or {})
        inputs = context.get("inputs") or {}
        if not inputs:
            print("safety-scan: no inputs to scan; list the stages whose data to scan under needs:")
        findings, skipped, scanned = [], [], 0
        for path, file in input_files(inputs):
            found, reason = scan_file(path, file, allowlist, max_bytes)
            if reason is None:
                scanned += 1
                findings += found
            else:
                skipped.append({"file": file, "reason": reason})
    except UsageError as error:
        print(f"safety-scan: error: {error}", file=sys.stderr)
        return EXIT_USAGE

    findings = with_severities(findings, fail_on)
    errors = sum(finding["severity"] == "error" for finding in findings)
    warnings = len(findings) - errors
    output = context["output"]
    os.makedirs(output, exist_ok=True)
    write_json(
        os.path.join(output, "findings.json"),
        {"count": len(findings), "filesScanned": scanned, "skipped": skipped, "findings": findings},
    )
    with open(os.path.join(output, "findings.md"), "w", encoding="utf-8") as handle:
        handle.write(markdown(findings, skipped, scanned))
    write_json(
        os.path.join(output, "result.json"),
        {
            "metrics": {"findings": len(findings), "errors": errors, "warnings": warnings},
            "warnings": warning_lines(findings),
        },
    )

    for finding in findings:
        print(f"{finding['file']}:{finding['line']}: {finding['severity']}: {finding['kind']}: {finding['excerpt']}")
    for entry in skipped:
        print(f"{entry['file']}: skipped ({entry['reason']})")
    print(f"::metric findings={len(findings)}")
    print(f"::metric errors={errors}")
    print(f"::metric warnings={warnings}")
    print(f"safety-scan: {len(findings)} findings ({errors} errors, {warnings} warnings) in {scanned} files")
    return EXIT_FOUND if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
