"""What anyone can check without the platform: pure Python and ``cryptography``, no Django,
no database (``bin/verify-pack`` runs it on an evidence pack).

Here first: the reproducible draw of a beneficiary sample. Given the frozen snapshot's
beneficiaries, the seed, the share and the minimum that the sample records, ``draw`` gives the
same people in the same order on any machine, in any language that has SHA-256 and exact
fractions:

1. size = min(N, max(minimum, ceil(N × share))) for N beneficiaries;
2. each person's stratum is the first (lowest id) session they attended;
3. each stratum gets size × Nₛ / N people, rounded down, and the people left over go one by
   one to the strata with the largest remainders (ties: the lower session id first);
4. inside a stratum, people are ranked by SHA-256 of ``seed:person`` (hex, ascending) and the
   first ones are taken.
"""

from __future__ import annotations

import base64
import contextvars
import csv
import hashlib
import io
import json
import math
import zipfile
import zlib
from dataclasses import dataclass, field
from fractions import Fraction

__all__ = [
    "Check",
    "Report",
    "SignatureError",
    "chain_session_ids",
    "detached_verify",
    "draw",
    "fetch_jwks",
    "jwks_for_pack",
    "pack_key_ids",
    "sample_size",
    "verify_pack",
]


def sample_size(population: int, share, minimum: int) -> int:
    """How many people a sample holds: ``share`` of the population, at least ``minimum``,
    at most everyone. ``share`` is a decimal string or number ("0.05")."""
    if population <= 0:
        return 0
    wanted = math.ceil(Fraction(str(share)) * population)
    return min(population, max(int(minimum), wanted))


def _rank(seed: str, person: str) -> str:
    return hashlib.sha256(f"{seed}:{person}".encode()).hexdigest()


def draw(*, seed: str, beneficiaries: list[dict], share, minimum: int) -> list[dict]:
    """The sample, as ``[{"person": ..., "stratum": session id}]``: stratum by stratum (in
    session order), each stratum in rank order. ``beneficiaries`` is the snapshot's list of
    ``{"person": pseudonym, "sessions": [session ids]}``."""
    strata: dict[int, list[str]] = {}
    for entry in beneficiaries:
        sessions = [int(s) for s in entry.get("sessions") or []]
        if not sessions:
            continue
        strata.setdefault(min(sessions), []).append(str(entry["person"]))
    population = sum(len(people) for people in strata.values())
    size = sample_size(population, share, minimum)
    if not size:
        return []
    quotas = {s: Fraction(size * len(people), population) for s, people in strata.items()}
    counts = {s: math.floor(q) for s, q in quotas.items()}
    left = size - sum(counts.values())
    by_remainder = sorted(strata, key=lambda s: (-(quotas[s] - counts[s]), s))
    for stratum in by_remainder[:left]:
        counts[stratum] += 1
    sample = []
    for stratum in sorted(strata):
        ranked = sorted(set(strata[stratum]), key=lambda person: _rank(seed, person))
        sample += [{"person": p, "stratum": stratum} for p in ranked[: counts[stratum]]]
    return sample


# --- The evidence pack ------------------------------------------------------------------------
#
# ``verify_pack`` checks a pack as a stranger would, with the pack and the platform's published
# keys only (docs/evidence.md): the manifest's detached JWS, every listed file's SHA-256 and
# size, each frozen snapshot's SHA-256 and its own signature, the attendance chains' links and
# their frozen heads, and each beneficiary sample redrawn from its seed.


MANIFEST = "manifest.json"
MANIFEST_SIGNATURE = "manifest.jws"
CHAINS = "chains.csv"
CHAIN_HEADS = "chain_heads.json"
CHUNK = 64 * 1024
# What reading a member changed in place raises (a CRC or compressed data that do not match).
DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, OSError)

# The translation function of the caller (Django's ``gettext`` in ``manage.py verify_pack``);
# without one, the messages stay in English.
_translator: contextvars.ContextVar = contextvars.ContextVar("translator", default=None)


def _(message: str) -> str:
    translate = _translator.get()
    return translate(message) if translate else message


@dataclass(frozen=True)
class Check:
    check: str
    ok: bool
    message: str

    def __iter__(self):
        return iter((self.check, self.ok, self.message))


@dataclass
class Report:
    """Every check made, in order, each ``(check, ok, message)``; ``ok`` when all passed."""

    checks: list[Check] = field(default_factory=list)

    def add(self, check: str, ok: bool, message: str) -> None:
        self.checks.append(Check(check, bool(ok), message))

    def __iter__(self):
        return iter(self.checks)

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(c.ok for c in self.checks)

    @property
    def failures(self) -> list[Check]:
        return [c for c in self.checks if not c.ok]

    @property
    def verdict(self) -> str:
        if self.ok:
            return _("VERIFIED: every check passed; the pack is as the platform signed it.")
        return _("NOT VERIFIED: %(count)d check(s) failed; do not rely on this pack.") % {
            "count": len(self.failures)
        }

    def text(self) -> str:
        lines = [f"{'OK  ' if c.ok else 'FAIL'}  {c.check}: {c.message}" for c in self.checks]
        return "\n".join([*lines, "", self.verdict])


class SignatureError(Exception):
    """A detached JWS that does not verify; ``code``: malformed, unknown_key, bad_signature."""

    def __init__(self, code: str, kid: str = ""):
        super().__init__(code)
        self.code = code
        self.kid = kid


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def jws_header(token: str) -> dict:
    """The protected header of a compact JWS (``{}`` when it cannot be read)."""
    try:
        header = json.loads(_b64url_decode(token.strip().split(".")[0]))
    except (ValueError, UnicodeDecodeError, IndexError):
        return {}
    return header if isinstance(header, dict) else {}


def _jwk_for(kid: str, jwks: dict) -> dict | None:
    # The same URL, or the same last path segment (the key's RFC 7638 thumbprint): as
    # grants.signature and certificates.signing look keys up.
    segment = kid.rstrip("/").rsplit("/", 1)[-1]
    keys = jwks.get("keys", []) if isinstance(jwks, dict) else []
    for jwk in keys if isinstance(keys, list) else []:
        if not isinstance(jwk, dict):
            continue
        listed = str(jwk.get("kid", ""))
        if listed == kid or (segment and listed.rstrip("/").rsplit("/", 1)[-1] == segment):
            return jwk
    return None


def detached_verify(token: str, payload: bytes, *, jwks: dict) -> str:
    """Check a detached compact JWS (RFC 7515 appendix F, ``header..signature``, Ed25519)
    over ``payload``; returns the ``kid`` of the key that signed, or raises SignatureError.
    The same format as ``grants.signature.detached_jws``, without Django."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    parts = (token or "").strip().split(".")
    if len(parts) != 3 or parts[1] != "" or not parts[0] or not parts[2]:
        raise SignatureError("malformed")
    header = jws_header(token)
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise SignatureError("malformed")
    try:
        signature = _b64url_decode(parts[2])
    except ValueError:
        raise SignatureError("malformed", kid) from None
    jwk = _jwk_for(kid, jwks)
    if jwk is None:
        raise SignatureError("unknown_key", kid)
    # The algorithm is the key's: a header cannot ask for another (nor for "none").
    if header.get("alg") != "EdDSA" or header.get("crit"):
        raise SignatureError("bad_signature", kid)
    if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519":
        raise SignatureError("bad_signature", kid)
    try:
        public = Ed25519PublicKey.from_public_bytes(_b64url_decode(str(jwk.get("x", ""))))
        public.verify(signature, f"{parts[0]}.{_b64url(payload)}".encode("ascii"))
    except (InvalidSignature, ValueError):
        raise SignatureError("bad_signature", kid) from None
    return kid


def _signature_message(error: SignatureError, what: str) -> str:
    if error.code == "unknown_key":
        return _("%(what)s is signed by an unknown key (%(kid)s).") % {
            "what": what,
            "kid": error.kid,
        }
    if error.code == "malformed":
        return _("%(what)s: the signature is malformed.") % {"what": what}
    return _("%(what)s: the signature does not match its content (bad signature).") % {"what": what}


def _sha256_of(archive: zipfile.ZipFile, name: str) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with archive.open(name) as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def pack_key_ids(path) -> list[str]:
    """The ``kid`` of every signature in the pack (the manifest's first), so a verifier
    without a JWKS knows where the keys are published."""
    kids: list[str] = []
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if n == MANIFEST_SIGNATURE or n.endswith(".jws")]
        for name in sorted(names, key=lambda n: n != MANIFEST_SIGNATURE):
            kid = jws_header(archive.read(name).decode("ascii", "replace")).get("kid")
            if isinstance(kid, str) and kid and kid not in kids:
                kids.append(kid)
    return kids


def verify_pack(path, *, jwks: dict, gettext=None) -> Report:
    """Verify the evidence pack at ``path`` (a file name or a binary file object) against
    ``jwks`` (the platform's published JWKS). ``gettext`` translates the messages."""
    token = _translator.set(gettext)
    try:
        report = Report()
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as error:
            report.add(
                "pack",
                False,
                _("The file is not a readable ZIP archive (%(error)s).") % {"error": error},
            )
            return report
        with archive:
            try:
                _PackVerifier(archive, jwks, report).run()
            except DAMAGED as error:
                report.add(
                    "pack", False, _("The ZIP archive is damaged (%(error)s).") % {"error": error}
                )
        return report
    finally:
        _translator.reset(token)


class _PackVerifier:
    def __init__(self, archive: zipfile.ZipFile, jwks: dict, report: Report):
        self.archive = archive
        self.jwks = jwks
        self.report = report
        self.names = {n for n in archive.namelist() if not n.endswith("/")}
        self.listed: dict[str, dict] = {}
        self.frozen_sha256: dict[str, str] = {}

    def run(self) -> None:
        manifest = self.manifest()
        if manifest is None:
            return
        self.files()
        snapshots = self.snapshots(manifest)
        self.chains(snapshots)
        self.samples(snapshots)

    # The manifest and its signature --------------------------------------------------------

    def manifest(self) -> dict | None:
        add = self.report.add
        if MANIFEST not in self.names:
            add("manifest", False, _("The pack has no manifest.json."))
            return None
        raw = self.archive.read(MANIFEST)
        if MANIFEST_SIGNATURE not in self.names:
            add("manifest signature", False, _("The pack has no manifest.jws: it is unsigned."))
        else:
            token = self.archive.read(MANIFEST_SIGNATURE).decode("ascii", "replace")
            try:
                kid = detached_verify(token, raw, jwks=self.jwks)
            except SignatureError as error:
                add("manifest signature", False, _signature_message(error, "manifest.json"))
            else:
                add("manifest signature", True, _("Signed by %(kid)s.") % {"kid": kid})
        try:
            manifest = json.loads(raw)
            files = manifest["files"]
            if not isinstance(files, dict):
                raise TypeError
            for entry in files.values():
                str(entry["sha256"])
                int(entry["size"])
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            add("manifest", False, _("manifest.json is not a valid manifest."))
            return None
        self.listed = files
        add(
            "manifest",
            True,
            _("Agreement %(agreement)s, built %(at)s by %(platform)s: %(count)d files.")
            % {
                "agreement": manifest.get("agreement", "?"),
                "at": manifest.get("generated_at", "?"),
                "platform": manifest.get("platform", "?"),
                "count": len(files),
            },
        )
        return manifest

    # Every file against the manifest --------------------------------------------------------

    def files(self) -> None:
        add = self.report.add
        problems = 0
        for name in sorted(self.listed):
            entry = self.listed[name]
            if name not in self.names:
                add(
                    "files",
                    False,
                    _("%(name)s is listed in the manifest but missing.") % {"name": name},
                )
                problems += 1
                continue
            try:
                sha256, size = _sha256_of(self.archive, name)
            except DAMAGED:
                sha256, size = "", -1  # the ZIP's own check (CRC) failed: changed in place
            if sha256 != str(entry["sha256"]) or size != int(entry["size"]):
                add(
                    "files",
                    False,
                    _("%(name)s differs from the manifest (SHA-256 or size).") % {"name": name},
                )
                problems += 1
        for name in sorted(self.names - set(self.listed) - {MANIFEST, MANIFEST_SIGNATURE}):
            add(
                "files",
                False,
                _("%(name)s is in the pack but not listed in the manifest.") % {"name": name},
            )
            problems += 1
        if not problems:
            add(
                "files",
                True,
                _("All %(count)d files match their SHA-256 and size.")
                % {"count": len(self.listed)},
            )

    def _json(self, name: str):
        try:
            return json.loads(self.archive.read(name))
        except (KeyError, ValueError, UnicodeDecodeError):
            return None

    # Frozen snapshots -----------------------------------------------------------------------

    def snapshots(self, manifest: dict) -> dict[str, dict]:
        """Folder → the snapshot, for each request whose snapshot is present and parses."""
        add = self.report.add
        requests = manifest.get("requests") or []
        if not isinstance(requests, list):
            add("snapshots", False, _("The manifest's list of requests is not valid."))
            return {}
        snapshots: dict[str, dict] = {}
        for entry in requests:
            if not isinstance(entry, dict) or not isinstance(entry.get("folder"), str):
                add("snapshots", False, _("The manifest's list of requests is not valid."))
                continue
            folder = entry["folder"].rstrip("/")
            name = f"{folder}/snapshot.json"
            check = f"snapshot {folder}"
            if name not in self.names:
                add(check, False, _("%(name)s is missing.") % {"name": name})
                continue
            raw = self.archive.read(name)
            self.frozen_sha256[folder] = hashlib.sha256(raw).hexdigest()
            if self.frozen_sha256[folder] != str(entry.get("evidence_sha256", "")):
                add(
                    check,
                    False,
                    _("%(name)s does not match the SHA-256 frozen at submission.") % {"name": name},
                )
            else:
                add(
                    check,
                    True,
                    _("%(name)s matches the SHA-256 frozen at submission.") % {"name": name},
                )
            snapshot = self._json(name)
            if not isinstance(snapshot, dict):
                add(check, False, _("%(name)s is not valid JSON.") % {"name": name})
                continue
            self.snapshot_signature(folder, raw, snapshot)
            snapshots[folder] = snapshot
        return snapshots

    def snapshot_signature(self, folder: str, raw: bytes, snapshot: dict) -> None:
        add = self.report.add
        name = f"{folder}/snapshot.jws"
        check = f"snapshot signature {folder}"
        if name not in self.names:
            if "chains" in snapshot:
                # Snapshots that freeze chain heads are signed when submitted: one without its
                # signature was stripped of it.
                add(
                    check,
                    False,
                    _("%(name)s is missing: the snapshot is unsigned.") % {"name": name},
                )
            else:
                add(
                    check,
                    True,
                    _(
                        "Unsigned: submitted before snapshots were signed; only the "
                        "manifest vouches for it."
                    ),
                )
            return
        token = self.archive.read(name).decode("ascii", "replace")
        what = f"{folder}/snapshot.json"
        try:
            kid = detached_verify(token, raw, jwks=self.jwks)
        except SignatureError as error:
            add(check, False, _signature_message(error, what))
        else:
            add(check, True, _("Signed at submission by %(kid)s.") % {"kid": kid})

    # Attendance chains ----------------------------------------------------------------------

    def _links(self) -> dict[str, list[dict]] | None:
        # Read as a stream: a pack may hold hundreds of thousands of links.
        links: dict[str, list[dict]] = {}
        try:
            with self.archive.open(CHAINS) as raw:
                for row in csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8-sig")):
                    links.setdefault(str(row.get("session_id", "")), []).append(
                        {
                            "record_id": row.get("record_id"),
                            "previous_hash": row.get("previous_hash"),
                            "content_hash": row.get("content_hash"),
                        }
                    )
        except (KeyError, UnicodeDecodeError, csv.Error):
            return None
        return links

    def chains(self, snapshots: dict[str, dict]) -> None:
        add = self.report.add
        if CHAINS not in self.listed:
            add("chains", False, _("The pack has no chains.csv."))
            return
        links = self._links()
        if links is None:
            add("chains", False, _("chains.csv cannot be read."))
            return
        broken = 0
        for session, chain in sorted(links.items(), key=lambda item: _as_int(item[0])):
            previous = ""
            for position, link in enumerate(chain, start=1):
                if (link.get("previous_hash") or "") != previous:
                    add(
                        "chains",
                        False,
                        _(
                            "Session %(session)s: the chain is broken at record %(record)s "
                            "(link %(position)d: its previous hash is not the hash before it)."
                        )
                        % {
                            "session": session,
                            "record": link.get("record_id"),
                            "position": position,
                        },
                    )
                    broken += 1
                    break
                previous = link.get("content_hash") or ""
        if not broken:
            add(
                "chains",
                True,
                _("%(links)d links in %(sessions)d sessions, each continuous.")
                % {"links": sum(len(c) for c in links.values()), "sessions": len(links)},
            )
        self.live_heads(links)
        for folder, snapshot in snapshots.items():
            self.frozen_heads(folder, snapshot, links)

    def live_heads(self, links: dict[str, list[dict]]) -> None:
        """chain_heads.json: each session's head is the last link of its chain in chains.csv,
        after as many links as it says."""
        if CHAIN_HEADS not in self.listed:
            self.report.add("chain heads", False, _("The pack has no chain_heads.json."))
            return
        heads = self._json(CHAIN_HEADS)
        if not isinstance(heads, dict):
            self.report.add("chain heads", False, _("chain_heads.json is not valid."))
            return
        wrong = [
            session
            for session, head in heads.items()
            if not isinstance(head, dict)
            or head.get("head", "")
            != ((links.get(str(session)) or [{}])[-1].get("content_hash") or "")
            or _as_int(head.get("records")) != len(links.get(str(session), []))
        ]
        if wrong:
            self.report.add(
                "chain heads",
                False,
                _(
                    "Session %(session)s: chain_heads.json does not name the last link of "
                    "chains.csv."
                )
                % {"session": sorted(wrong, key=_as_int)[0]},
            )
        else:
            self.report.add(
                "chain heads",
                True,
                _("%(count)d heads, each the last link of its chain.") % {"count": len(heads)},
            )

    def frozen_heads(self, folder: str, snapshot: dict, links: dict[str, list[dict]]) -> None:
        add = self.report.add
        check = f"chain heads {folder}"
        heads = snapshot.get("chains")
        if heads is None:
            add(
                check,
                True,
                _("The snapshot freezes no chain heads (submitted before they were frozen)."),
            )
            return
        if not isinstance(heads, dict):
            add(check, False, _("The snapshot's chain heads are not valid."))
            return
        problems = 0
        later = 0
        for session in sorted(heads, key=_as_int):
            frozen = heads[session]
            head = frozen.get("head", "") if isinstance(frozen, dict) else str(frozen or "")
            count = frozen.get("records") if isinstance(frozen, dict) else None
            chain = links.get(str(session), [])
            hashes = [link.get("content_hash") or "" for link in chain]
            if not head:
                if count:
                    problems += 1
                continue
            if count is not None:
                count = _as_int(count)
                reached = len(hashes) >= count > 0 and hashes[count - 1] == head
            else:
                reached = head in hashes
                count = hashes.index(head) + 1 if reached else 0
            if not reached:
                problems += 1
                at = chain[min(count, len(chain)) - 1] if chain and count else None
                add(
                    check,
                    False,
                    _(
                        "Session %(session)s: the chain no longer ends on the head frozen at "
                        "submission (first differing link: record %(record)s)."
                    )
                    % {
                        "session": session,
                        "record": at.get("record_id") if at else _("none, the chain is empty"),
                    },
                )
                continue
            later += len(hashes) - count
        if not problems:
            message = _("%(count)d sessions reach the heads frozen at submission.") % {
                "count": len(heads)
            }
            if later:
                message += " " + _("%(later)d record(s) were added after submission.") % {
                    "later": later
                }
            add(check, True, message)

    # Beneficiary samples --------------------------------------------------------------------

    def samples(self, snapshots: dict[str, dict]) -> None:
        add = self.report.add
        frozen_sha256 = self.frozen_sha256
        for folder, snapshot in snapshots.items():
            name = f"{folder}/sample.json"
            if name not in self.names:
                continue
            check = f"sample {folder}"
            document = self._json(name)
            try:
                rule = document.get("rule") or document  # {"rule": {share, minimum}} or flat
                seed = str(document["seed"])
                share = rule["share"]
                minimum = int(rule["minimum"])
                members = [
                    (str(m["person"]), _as_int(m.get("stratum"))) for m in document["members"]
                ]
            except (KeyError, TypeError, ValueError):
                add(check, False, _("%(name)s is not a valid sample.") % {"name": name})
                continue
            beneficiaries = snapshot.get("beneficiaries")
            if not isinstance(beneficiaries, list):
                add(check, False, _("The snapshot holds no beneficiaries to redraw from."))
                continue
            try:
                redrawn = draw(seed=seed, beneficiaries=beneficiaries, share=share, minimum=minimum)
            except (KeyError, TypeError, ValueError, ArithmeticError):
                add(check, False, _("The snapshot's beneficiaries cannot be redrawn."))
                continue
            drawn_from = document.get("snapshot_sha256")
            if drawn_from and drawn_from != frozen_sha256.get(folder):
                add(
                    check,
                    False,
                    _("%(name)s was drawn from another snapshot than this request's.")
                    % {"name": name},
                )
                continue
            if [(m["person"], m["stratum"]) for m in redrawn] != members:
                add(
                    check,
                    False,
                    _(
                        "The sample in %(name)s is not the one its seed draws from "
                        "the frozen snapshot."
                    )
                    % {"name": name},
                )
            else:
                add(
                    check,
                    True,
                    _("Redrawn from seed %(seed)s: the same %(count)d people.")
                    % {"seed": seed, "count": len(members)},
                )


def _as_int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


class KeyFetchError(Exception):
    """The published keys could not be fetched (offline, refused, not a JWKS)."""


def fetch_jwks(url: str, *, timeout: float = 10) -> dict:
    """The JWKS (or the single JWK, wrapped in a JWKS) published at ``url``: an ``https``
    address, or ``http`` on this machine (a local development server)."""
    import urllib.error
    import urllib.parse
    import urllib.request

    parsed = urllib.parse.urlsplit(url)
    local = parsed.hostname in {"localhost", "127.0.0.1", "::1"}
    if parsed.scheme != "https" and not (parsed.scheme == "http" and local):
        raise KeyFetchError(
            _("%(url)s is not an https address; keys are fetched only over https.") % {"url": url}
        )
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # nosec B310 # noqa: S310 - scheme checked above
            document = json.loads(response.read(1024 * 1024))
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise KeyFetchError(
            _("Could not fetch the keys from %(url)s (%(error)s).")
            % {"url": url, "error": getattr(error, "reason", error)}
        ) from None
    except (ValueError, UnicodeDecodeError):
        raise KeyFetchError(_("%(url)s did not answer a JSON key.") % {"url": url}) from None
    if isinstance(document, dict) and isinstance(document.get("keys"), list):
        return document
    if isinstance(document, dict) and document.get("kty"):
        return {"keys": [{**document, "kid": document.get("kid") or url}]}
    raise KeyFetchError(_("%(url)s did not answer a JSON key.") % {"url": url})


def jwks_for_pack(path, *, timeout: float = 10) -> dict:
    """The keys named by the pack's signatures, each fetched from its ``kid`` (the key's URL
    at the platform)."""
    keys: list[dict] = []
    kids = pack_key_ids(path)
    if not kids:
        raise KeyFetchError(_("The pack's signatures name no key to fetch."))
    for kid in kids:
        keys.extend(fetch_jwks(kid, timeout=timeout)["keys"])
    return {"keys": keys}


def chain_session_ids(path) -> list[int] | None:
    """The sessions whose chains the pack carries: every session of chains.csv and of
    chain_heads.json (a session whose records were all deleted has no link left), None when
    the pack has neither."""
    ids: set[int] = set()
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if CHAINS not in names and CHAIN_HEADS not in names:
                return None
            if CHAINS in names:
                with archive.open(CHAINS) as raw:
                    rows = csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8-sig"))
                    ids |= {_as_int(row.get("session_id")) for row in rows}
            if CHAIN_HEADS in names:
                heads = json.loads(archive.read(CHAIN_HEADS))
                ids |= {_as_int(key) for key in heads} if isinstance(heads, dict) else set()
    except (OSError, zipfile.BadZipFile, UnicodeDecodeError, ValueError, csv.Error):
        return None
    return sorted(i for i in ids if i >= 0)
